"""newswire's error tree.

Every failure newswire raises is one of these; library errors are translated at the boundary with
``raise NewswireError(...) from exc``.  Stages never return None to mean failure.

    NewswireError                       base; ``reason`` is a stable dotted code, ``retryable`` a bool,
                                        ``stage`` the chained stage that failed (None: the runner's)
    ├── ConfigError                     invalid settings or config file: names the key and the problem
    ├── BrokerError                     Kafka unreachable, topic admin or produce failed   (retryable)
    │   ├── BrokerStartError            the embedded broker could not be started
    │   └── TopicMismatch               a topic exists with the wrong partition count     (permanent)
    ├── RecordError                     a record on a topic is not what its topic promises (permanent)
    │   ├── DecodeError                 not UTF-8 JSON                                    reason record.decode
    │   ├── ValidationFailed            JSON that fails the record model                 reason record.invalid
    │   └── RecordTooLarge              larger than the producer/topic limit             reason record.too_large
    ├── FetchError                      fetching a feed or page failed
    │   ├── FetchTimeout                connect or total timeout                           (retryable)
    │   ├── HTTPStatusError             non-2xx answer; 429/5xx retryable, others permanent
    │   ├── BlockedAddress              URL resolves to a private/loopback/metadata address (permanent)
    │   ├── TooLarge                    body over the size limit, compressed or not        (permanent)
    │   ├── TooManyRedirects            redirect loop or chain over the limit              (permanent)
    │   ├── NotAllowedContent           content-type is not what was asked for             (permanent)
    │   ├── RobotsDisallowed            robots.txt forbids the fetch                       (permanent)
    │   ├── InvalidURL                  not an absolute http(s) URL                        (permanent)
    │   └── ConnectionFailed            DNS, refused, reset                                (retryable)
    ├── FeedError                       a feed that yields no entries                      (retryable)
    │   │                               (reason feed.unusable, or feed.empty for an empty body)
    │   ├── FeedParseError              a parser failed on the document (feed.parse_failed)
    │   └── FeedParseTimeout            parsing outlived poll.parse_timeout_s (feed.parse_timeout)
    ├── ExtractError                    a page that yields no usable article               (permanent)
    │   ├── EmptyDocument               empty or non-HTML body
    │   ├── NoArticleText               no article text found
    │   ├── UnknownEncoding             bytes that no detected charset decodes
    │   ├── PageTooLarge                page over the extract size limit (extract.too_large)
    │   ├── ExtractTimeout              extraction ran past the page deadline (extract.timeout)
    │   └── PageTooComplex              markup over the pre-parse bounds (extract.too_complex)
    ├── TaxonomyError                   malformed taxonomy / gazetteer / rules file (a ConfigError)
    ├── InputError                      a file or argument given on the command line is unusable
    └── StageError                      anything else a stage raised, wrapped with its class name

In the poller, a failure of one feed -- any of the above, or an exception nothing above names
(reason ``poll.exception``) -- is that feed's outcome: counted, logged, backed off, parked after
``poll.max_failures``; it never stops the poll loop.

Permanent errors become dead letters immediately; retryable ones are retried by the runner a
bounded number of times and then dead-lettered with ``retryable=True`` so ``newswire dlq replay``
can re-inject them once the cause is fixed.
"""

from __future__ import annotations


class NewswireError(Exception):
    """Base of every newswire error."""

    reason: str = "error"
    retryable: bool = False
    stage: str | None = None  # set when a chained stage failed: its name (None: the runner's stage)

    def __init__(self, message: str, *, reason: str | None = None, retryable: bool | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason
        if retryable is not None:
            self.retryable = retryable

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.reason


class ConfigError(NewswireError):
    """Invalid configuration. ``key`` names the offending setting (dotted path)."""

    reason = "config.invalid"

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class TaxonomyError(ConfigError):
    reason = "config.taxonomy"


class BrokerError(NewswireError):
    reason = "broker.unavailable"
    retryable = True


class BrokerStartError(BrokerError):
    reason = "broker.start_failed"
    retryable = False


class TopicMismatch(BrokerError):
    """A topic whose partition count newswire depends on has another one (broker.topic_mismatch)."""

    reason = "broker.topic_mismatch"
    retryable = False


class RecordError(NewswireError):
    reason = "record.invalid"


class DecodeError(RecordError):
    reason = "record.decode"


class ValidationFailed(RecordError):
    reason = "record.invalid"


class RecordTooLarge(RecordError):
    reason = "record.too_large"


class FetchError(NewswireError):
    reason = "fetch.failed"

    def __init__(
        self, message: str, *, url: str, reason: str | None = None, retryable: bool | None = None
    ) -> None:
        super().__init__(message, reason=reason, retryable=retryable)
        self.url = url


class FetchTimeout(FetchError):
    reason = "fetch.timeout"
    retryable = True


class HTTPStatusError(FetchError):
    reason = "fetch.http_status"

    def __init__(self, message: str, *, url: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, url=url, retryable=status == 429 or status >= 500)
        self.status = status
        self.retry_after = retry_after


class BlockedAddress(FetchError):
    reason = "fetch.blocked_address"


class TooLarge(FetchError):
    reason = "fetch.too_large"


class TooManyRedirects(FetchError):
    reason = "fetch.too_many_redirects"


class NotAllowedContent(FetchError):
    reason = "fetch.not_allowed_content"


class RobotsDisallowed(FetchError):
    reason = "fetch.robots_disallowed"


class InvalidURL(FetchError):
    reason = "fetch.invalid_url"


class ConnectionFailed(FetchError):
    reason = "fetch.connection"
    retryable = True


class FeedError(NewswireError):
    reason = "feed.unusable"
    retryable = True


class FeedParseError(FeedError):
    """A feed parser raised on the document (hostile or garbled bytes), translated at the boundary."""

    reason = "feed.parse_failed"


class FeedParseTimeout(FeedError):
    """Parsing one feed document took longer than its time budget."""

    reason = "feed.parse_timeout"


class ExtractError(NewswireError):
    reason = "extract.failed"


class EmptyDocument(ExtractError):
    reason = "extract.empty_document"


class NoArticleText(ExtractError):
    reason = "extract.no_text"


class UnknownEncoding(ExtractError):
    reason = "extract.unknown_encoding"


class PageTooLarge(ExtractError):
    reason = "extract.too_large"


class PageTooComplex(ExtractError):
    """Markup whose parsing would cost far more than its size suggests (attributes, nesting)."""

    reason = "extract.too_complex"


class ExtractTimeout(ExtractError):
    """Extraction of one page ran past ``extract.page_deadline_s``; its worker process was ended."""

    reason = "extract.timeout"


class InputError(NewswireError):
    """A command's input (a file, stdin, a URL argument) cannot be used; says which and why."""

    reason = "input.unusable"


class StageError(NewswireError):
    """An unexpected exception inside a stage, wrapped so it can become a dead letter."""

    reason = "stage.exception"

    @classmethod
    def wrap(cls, exc: BaseException) -> StageError:
        err = cls(f"{type(exc).__name__}: {exc}")
        err.__cause__ = exc
        return err
