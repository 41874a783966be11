"""``newswire extract``: a file, a URL served by a real loopback server, and bulk JSON Lines."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.cli.main import main
from pipeline.settings import PACKAGE_CONFIG_DIR

ARTICLE = Path(__file__).parent / "data" / "extract" / "article.html"
HEADLINE = "Harbour cranes return to Port Elwin after a decade"


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/news/cranes":
            body, status = ARTICLE.read_bytes(), 200
        else:
            body, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "newswire.yaml"
    path.write_text(
        "fetch:\n  allow_private_addresses: true\n  per_host_delay_s: 0\n"
        f"clean:\n  rules_file: {PACKAGE_CONFIG_DIR / 'boilerplate.yaml'}\n",
        encoding="utf-8",
    )
    return path


def test_extract_file_prints_the_clean_text(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "extract", str(ARTICLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(HEADLINE + "\n\nTwo container cranes")
    assert "Advertisement" not in out


def test_extract_file_with_json_prints_the_clean_record(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://www.coastal-courier.example/news/cranes"
    assert main(["--config", str(config), "extract", str(ARTICLE), "--url", url, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["url"], record["site_name"]) == (url, "The Coastal Courier")
    assert {r["rule"] for r in record["removed"]} == {"advertisement", "share-prompt"}


def test_extract_url_fetches_the_page(config: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "extract", f"{server}/news/cranes"]) == 0
    assert capsys.readouterr().out.startswith(HEADLINE)


def test_extract_url_reports_a_fetch_error(
    config: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), "extract", f"{server}/missing"]) == 1
    assert "fetch.http_status" in capsys.readouterr().err


def test_extract_file_without_article_text_exits_1_with_the_reason(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    assert main(["--config", str(config), "extract", str(page)]) == 1
    assert "extract.empty_document" in capsys.readouterr().err


def test_extract_jsonl_writes_one_line_per_input_with_record_or_error(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages.jsonl"
    pages.write_text(
        "\n".join(
            [
                json.dumps(
                    {"id": "ok", "url": "https://courier.example/cranes", "html": ARTICLE.read_text("utf-8")}
                ),
                json.dumps({"id": "empty", "url": "https://courier.example/e", "html": ""}),
                "not json",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    # One rule with `tag --jsonl`: carry on past failed lines, number them, exit 1 when any failed.
    assert main(["--config", str(config), "extract", "--jsonl", str(pages)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["id"], "record" in line) for line in lines] == [
        ("ok", True),
        ("empty", False),
        (None, False),
    ]
    assert lines[0]["record"]["text"].startswith(HEADLINE)
    assert lines[1]["error"]["reason"] == "extract.empty_document"


def test_extract_jsonl_error_lines_carry_their_line_number(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"id": "empty", "html": ""}) + "\n\n" + "not json\n", encoding="utf-8")
    main(["--config", str(config), "extract", "--jsonl", str(pages)])
    assert [json.loads(line)["line"] for line in capsys.readouterr().out.splitlines()] == [1, 3]


def test_extract_of_an_ftp_url_says_the_scheme_is_not_supported(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), "extract", "ftp://example.org/page.html"]) == 1
    err = capsys.readouterr().err
    assert ("ftp: URLs are not supported" in err, "No such file" in err) == (True, False)


def test_extract_of_a_missing_file_is_an_input_error(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config), "extract", str(tmp_path / "missing.html")]) == 1
    err = capsys.readouterr().err
    assert ("configuration error" in err, "input.unusable" in err) == (False, True)
