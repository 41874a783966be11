"""``newswire tag``: plain text in, tags out; JSON Lines in, JSON Lines out."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from pipeline.cli.main import main
from tests.test_tagging_support import DATA


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_tag_file_prints_tags_with_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tag", str(DATA / "gaza_ceasefire.txt"))
    assert code == 0
    assert "tag ceasefire" in out
    assert "'ceasefire'  ceasefire-term@headline" in out


def test_tag_stdin_reads_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO((DATA / "putin_trump_call.txt").read_text()))
    code, out, _ = run(capsys, "tag", "-", "--json")
    assert code == 0
    assert [t["topic"] for t in json.loads(out)["tags"]] == ["us-russia-summit"]


def test_tag_jsonl_writes_one_line_per_article(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [
        {"id": name, "title": None, "text": (DATA / f"{name}.txt").read_text()}
        for name in ("gaza_ceasefire", "putin_xi_talks")
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, _ = run(capsys, "tag", "--jsonl", str(source))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(line["id"], [t["topic"] for t in line["tags"]]) for line in lines] == [
        ("gaza_ceasefire", ["ceasefire"]),
        ("putin_xi_talks", []),
    ]


def test_tag_jsonl_output_has_entities_with_offsets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (DATA / "putin_xi_talks.txt").read_text()
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "title": "", "text": text}) + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "tag", "--jsonl", str(source))
    mention = json.loads(out)["entities"][0]["mentions"][0]
    assert text[mention["start"] : mention["end"]] == mention["match"]


def test_tag_jsonl_reports_bad_lines_by_number_carries_on_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    good = json.dumps({"id": "g", "text": (DATA / "gaza_ceasefire.txt").read_text()})
    source.write_bytes(b'{"id": 1}\nnot json\n\xff\xfe\n' + good.encode() + b"\n")
    code, out, err = run(capsys, "tag", "--jsonl", str(source))
    rows = [json.loads(line) for line in out.splitlines()]
    assert (code, [r.get("line") for r in rows[:3]], rows[3]["id"]) == (1, [1, 2, 3], "g")
    assert [r["error"]["reason"] for r in rows[:3]] == [
        "input.invalid",
        "input.invalid_json",
        "input.undecodable",
    ]
    assert "3 line(s)" in err


def test_tag_and_extract_jsonl_error_lines_have_one_shape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("not json\n", encoding="utf-8")
    _, tagged, _ = run(capsys, "tag", "--jsonl", str(source))
    _, extracted, _ = run(capsys, "extract", "--jsonl", str(source))
    assert json.loads(tagged) == json.loads(extracted)


def test_tag_file_in_latin1_is_decoded_like_a_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "latin1.txt"
    text = (DATA / "gaza_ceasefire.txt").read_text() + "\nCaf\u00e9 owners in Khan Y\u00fbnis reopened.\n"
    source.write_bytes(text.encode("latin-1", "replace"))
    code, out, err = run(capsys, "tag", str(source))
    assert (code, "tag ceasefire" in out, "Traceback" in err) == (0, True, False)


def test_tag_missing_file_is_an_input_error_not_a_configuration_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "tag", str(tmp_path / "nope.txt"))
    assert (code, "configuration error" in err, "input.unusable" in err) == (1, False, True)


@pytest.mark.parametrize(
    ("key", "yaml_text"),
    [
        ("tag.taxonomy_file", "tag:\n  taxonomy_file: {missing}\n"),
        ("tag.gazetteer_file", "tag:\n  gazetteer_file: {missing}\n"),
        ("tag.taxonomy_file", "tag:\n  taxonomy_file: {folder}\n"),
    ],
)
def test_a_configured_data_file_that_is_not_there_is_named_by_its_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, key: str, yaml_text: str
) -> None:
    config = tmp_path / "newswire.yaml"
    config.write_text(yaml_text.format(missing=tmp_path / "nope.yaml", folder=tmp_path), encoding="utf-8")
    code, _, err = run(capsys, "--config", str(config), "tag", str(DATA / "gaza_ceasefire.txt"))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert f"configuration error: {key}: " in lines[0] and "Traceback" not in err


def test_tag_with_malformed_taxonomy_fails_with_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "topics.yaml"
    bad.write_text("version: 1\ntopics: []\n", encoding="utf-8")
    code, _, err = run(capsys, "tag", str(DATA / "gaza_ceasefire.txt"), "--taxonomy", str(bad))
    assert code == 2
    assert "configuration error" in err and "topics" in err


def test_tag_with_a_role_no_gazetteer_entity_holds_fails_at_load_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo_config = Path(__file__).resolve().parents[1] / "config"
    data = yaml.safe_load((repo_config / "topics.yaml").read_text(encoding="utf-8"))
    data["vocabularies"]["us_side"]["roles"].append("us-presidnet")
    bad = tmp_path / "topics.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out, err = run(capsys, "tag", str(DATA / "gaza_ceasefire.txt"), "--taxonomy", str(bad))
    assert (code, out, "us-presidnet" in err, len(err.strip().splitlines())) == (2, "", True, 1)


def test_tag_needs_a_file_or_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tag")
    assert code == 2
    assert "give either a FILE" in err
