"""HTTP fetching of feeds and article pages, safe against whatever the web sends.

The only place that talks HTTP.  See :mod:`pipeline.http.fetcher` for the fetcher and its guards.
"""

from __future__ import annotations

from pipeline.page import Page, parse_content_type

__all__ = ["Page", "parse_content_type"]
