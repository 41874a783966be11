"""The long-running feed poller: feed list, schedule, restart-safe state and scale-out.

    config.py     the feed list (config/feeds.yaml), reloaded on change or SIGHUP
    schedule.py   when to poll next: adaptive intervals, publisher hints, backoff, parking
    state.py      what was published and each feed's validators, in SQLite (survives restarts)
    ownership.py  which feeds this process polls when several share the list
    poller.py     FeedPoller: polls thousands of feeds on one event loop and emits FeedItems

The parsing itself is the pure poll stage, :mod:`pipeline.stages.poll`; HTTP is
:mod:`pipeline.http.fetcher`.
"""

from pipeline.feeds.config import FeedConfig, FeedsSource, FileFeedsSource, StaticFeedsSource
from pipeline.feeds.ownership import FeedOwnership, OwnAll
from pipeline.feeds.poller import FeedPoller, PollOutcome
from pipeline.feeds.state import StateStore

__all__ = [
    "FeedConfig",
    "FeedOwnership",
    "FeedPoller",
    "FeedsSource",
    "FileFeedsSource",
    "OwnAll",
    "PollOutcome",
    "StateStore",
    "StaticFeedsSource",
]
