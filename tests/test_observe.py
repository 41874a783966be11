"""The runner's metrics: each record's own processing time, and no lag for partitions lost."""

from __future__ import annotations

from pipeline.health import Health
from pipeline.metrics import Metrics
from pipeline.observe import MetricsObserver


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_processing_histogram_holds_each_records_own_time() -> None:
    metrics = Metrics()
    observer = MetricsObserver(metrics, Health())
    observer.on_record_seconds("extract", [0.01, 4.0])
    observer.on_batch("extract", records_in=2, outputs=[], dead_letters=[], seconds=4.2)
    assert sample(metrics, "newswire_processing_seconds_count", stage="extract") == 2
    assert sample(metrics, "newswire_processing_seconds_sum", stage="extract") == 4.01
    # one fast and one slow record, not two records of the batch's average
    assert sample(metrics, "newswire_processing_seconds_bucket", stage="extract", le="0.025") == 1


def test_lag_of_a_revoked_partition_is_dropped() -> None:
    metrics = Metrics()
    observer = MetricsObserver(metrics, Health())
    observer.on_lag("clean", "news.articles", 0, 7)
    observer.on_lag("clean", "news.articles", 1, 3)
    observer.on_partitions_revoked("clean", [("news.articles", 0)])
    assert (
        sample(metrics, "newswire_consumer_lag", stage="clean", topic="news.articles", partition="0") is None
    )
    assert sample(metrics, "newswire_consumer_lag", stage="clean", topic="news.articles", partition="1") == 3
