"""``newswire web``: a read-only live view of the enriched articles, their evidence and the status.

    TopicReader (thread) ──▶ ArticleStore / DeadLetterStore ──▶ JSON API + server-sent events
    StatusSampler ◀── the services' /metrics (or the replay's registry)

Static pages in ``static/`` (no build step, nothing fetched from elsewhere) render the JSON with
``textContent`` only, under a strict Content-Security-Policy.
"""
