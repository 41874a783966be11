"""newswire's record policy for the stage runner: records are known by ``article_id``, and a failure
becomes a :class:`~pipeline.records.DeadLetter` holding the original record verbatim."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pipeline.kafka import codec
from pipeline.records import DeadLetter, SourceRecord
from pipeline.stage import Failure


class NewsRecords:
    """The :class:`~pipeline.stage.RecordPolicy` of every newswire stage."""

    def record_id(self, record: BaseModel | None, value: bytes) -> str | None:
        found: Any = getattr(record, "article_id", None) or codec.peek_field(value, "article_id")
        return found if isinstance(found, str) else None

    def dead_letter(self, failure: Failure) -> DeadLetter:
        err = failure.error
        return DeadLetter(
            stage=failure.stage,
            reason=err.reason,
            error_class=type(err).__name__,
            error_message=err.message[:2000],
            retryable=err.retryable,
            article_id=self.record_id(failure.record, failure.value),
            attempts=failure.attempts,
            source=SourceRecord(
                topic=failure.topic,
                partition=failure.partition,
                offset=failure.offset,
                key=None if failure.key is None else codec.text(failure.key),
                value=codec.text(failure.value),
                headers=codec.headers_dict(list(failure.headers)),
            ),
        )


NEWS_RECORDS = NewsRecords()
