"""A fetched page, as the HTTP layer hands it to the extract stage (plain data, no HTTP client).

It lives outside ``pipeline/http/`` so that stages can take pages without importing the HTTP layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched HTTP response body, already size-checked and decompressed.

    ``charset`` is the charset the server declared (Content-Type), or None; decoding the bytes is
    the extract stage's job, which also sniffs ``<meta charset>``.
    """

    url: str  # the URL that was asked for
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None = None
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    elapsed_s: float = 0.0


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """Split ``text/html; charset="UTF-8"`` into ``("text/html", "utf-8")``."""
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media.strip().lower() or None, charset
