"""newswire: a stream processor for news feeds (poll → extract → clean → tag → publish over Kafka)."""

__version__ = "0.1.0"
