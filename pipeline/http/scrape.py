"""Reading a newswire service's own ``/metrics`` endpoint (for the web view's status strip).

Not the article fetcher: these URLs are configured by the operator (usually loopback or the
compose network), so the SSRF guard and robots rules of :mod:`pipeline.http.fetcher` do not apply.
"""

from __future__ import annotations

import aiohttp

from pipeline.errors import ConnectionFailed, FetchTimeout, HTTPStatusError, TooLarge

MAX_EXPOSITION_BYTES = 4 * 1024 * 1024


class MetricsScraper:
    """One session for every scrape; ``read(url)`` returns the exposition text."""

    def __init__(self, timeout_s: float = 2.0) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    async def read(self, url: str) -> str:
        """The body of ``url``; FetchError subclasses name what went wrong."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout, trust_env=False)
        try:
            async with self._session.get(url) as response:
                if response.status != 200:
                    raise HTTPStatusError(
                        f"{url} answered HTTP {response.status}", url=url, status=response.status
                    )
                body = await response.content.read(MAX_EXPOSITION_BYTES + 1)
        except TimeoutError as exc:
            raise FetchTimeout(f"{url} did not answer within {self._timeout.total} s", url=url) from exc
        except aiohttp.ClientError as exc:
            raise ConnectionFailed(f"cannot read {url}: {exc}", url=url) from exc
        if len(body) > MAX_EXPOSITION_BYTES:
            raise TooLarge(f"{url}: exposition over {MAX_EXPOSITION_BYTES} bytes", url=url)
        return body.decode("utf-8", "replace")

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
