"""The pure stages of newswire. Each is a typed function over records and never imports Kafka.

    poll     feed bytes          → FeedItem          (pipeline.stages.poll)
    extract  FeedItem + Page     → Article           (pipeline.stages.extract)
    clean    Article             → CleanArticle      (pipeline.stages.clean)
    tag      CleanArticle        → EnrichedArticle   (pipeline.stages.tag)
    publish  EnrichedArticle     → [(topic, record)] (pipeline.stages.publish)

A stage's name is also its consumer group suffix, its log field, its metric label and the
``stage`` of its dead letters.  Each stage is declared once, in :mod:`pipeline.stage_table`.
"""
