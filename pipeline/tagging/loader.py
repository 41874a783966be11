"""Loading the tagger's two config files together, checked against each other.

The taxonomy names gazetteer roles ("us-president") and the gazetteer says who held them, so
either file is only valid beside the other. :func:`load_tagging` reads both and checks the
roles at load time, so a typo in a role is a configuration error at start-up (naming the file
and the vocabulary), not a failure on the first article. Callers that hold both files should
load them here rather than with the two loaders separately.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.tagging.gazetteer import Gazetteer, load_gazetteer
from pipeline.tagging.roles import check_roles
from pipeline.tagging.taxonomy import Taxonomy, load_taxonomy


def load_tagging(taxonomy_path: Path, gazetteer_path: Path) -> tuple[Taxonomy, Gazetteer]:
    """The taxonomy and gazetteer of the two files; TaxonomyError (file, key, problem) when
    either is malformed or the taxonomy names a role no gazetteer entity holds."""
    taxonomy = load_taxonomy(taxonomy_path)
    gazetteer = load_gazetteer(gazetteer_path)
    check_roles(taxonomy, gazetteer, source=str(taxonomy_path))
    return taxonomy, gazetteer
