"""Topic tagging and entity finding, driven by ``config/topics.yaml`` and ``config/gazetteer.yaml``.

    phrases    one token pass that finds every configured phrase (taxonomy and gazetteer alike)
    taxonomy   the taxonomy file's model, its loader and its compiled form
    gazetteer  the gazetteer file's model (entities, aliases, offices with dates), loader, entity finding
    roles      a person's mention counting for the taxonomy's role vocabularies on the article's date
    loader     both files loaded together, the taxonomy's roles checked against the gazetteer
    layout     headline / lead / body / clutter: the positions the "substantive" rule weighs
    scoring    per-sentence rule matching and the position-weighted topic score with evidence

The stage itself, :func:`pipeline.stages.tag.tag`, puts these together.
"""

from pipeline.tagging.gazetteer import Gazetteer, load_gazetteer
from pipeline.tagging.loader import load_tagging
from pipeline.tagging.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Gazetteer", "Taxonomy", "load_gazetteer", "load_tagging", "load_taxonomy"]
