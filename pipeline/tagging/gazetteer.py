"""The entity gazetteer: people, places and organisations with their aliases and spellings.

``config/gazetteer.yaml`` lists each entity once with an id, a preferred name, a kind and the
aliases it is written as (``Sergei Lavrov``, ``Sergey Lavrov``, ``Lavrov``); ``exact`` aliases
(``UN``, ``ISSG``) must match letter for letter. Mentions are found in one pass over the tokens;
where aliases overlap the longest leftmost wins, so "Vladimir Putin" is one mention, not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from pipeline.errors import TaxonomyError
from pipeline.records import Entity
from pipeline.tagging.config import read_yaml, validate
from pipeline.tagging.phrases import Hit, PhraseIndex


class EntitySpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    kind: Literal["person", "place", "organisation"]
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_alias(self) -> EntitySpec:
        if not (self.aliases or self.exact):
            raise ValueError("an entity needs at least one alias (aliases or exact)")
        return self


class GazetteerFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    entities: tuple[EntitySpec, ...] = Field(min_length=1)


ENTITY_KEY_PREFIX = "entity:"
_ENTITIES = TypeAdapter(tuple[Entity, ...])  # one validation call per article, not one per entity


@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer:
    """A loaded gazetteer: the entities by id and one phrase index over all their aliases."""

    version: str
    entities: dict[str, EntitySpec]
    index: PhraseIndex

    def find(self, text: str) -> tuple[Entity, ...]:
        """Entities mentioned in ``text``, in order of first mention, each with every mention."""
        return self.entities_from(text, self.index.find(text))

    def entities_from(self, text: str, hits: list[Hit], shift: int = 0) -> tuple[Entity, ...]:
        """Entities from the hits of an index holding this gazetteer's phrases (see ``union``);
        ``shift`` is where ``text`` starts in the text the hits were found in."""
        mentions: dict[str, list[dict[str, object]]] = {}
        entity_hits = [hit for hit in hits if hit.start >= shift and _entity_key(hit) is not None]
        for hit in _longest_leftmost(entity_hits):
            entity_id = str(_entity_key(hit)).removeprefix(ENTITY_KEY_PREFIX)
            start, end = hit.start - shift, hit.end - shift
            mentions.setdefault(entity_id, []).append(
                {"start": start, "end": end, "match": text[start:end], "rule": f"gazetteer:{entity_id}"}
            )
        return _ENTITIES.validate_python([
            {"id": entity_id, "name": self.entities[entity_id].name, "kind": self.entities[entity_id].kind,
             "mentions": spans}
            for entity_id, spans in mentions.items()
        ])


def _entity_key(hit: Hit) -> str | None:
    for key in hit.keys:
        if key.startswith(ENTITY_KEY_PREFIX):
            return key
    return None


def _longest_leftmost(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    covered_to = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start >= covered_to:
            chosen.append(hit)
            covered_to = hit.end
    return chosen


def load_gazetteer(path: Path) -> Gazetteer:
    """Read and validate ``path``; TaxonomyError (file, key, problem) when malformed."""
    spec = validate(GazetteerFile, read_yaml(path), path)
    entities: dict[str, EntitySpec] = {}
    owner: dict[str, str] = {}
    index = PhraseIndex()
    for i, entity in enumerate(spec.entities):
        if entity.id in entities:
            raise TaxonomyError(f"{path}: entities.{i}.id", f"duplicate entity id {entity.id!r}")
        entities[entity.id] = entity
        for alias in (*entity.aliases, *entity.exact):
            folded = alias.casefold()
            if owner.setdefault(folded, entity.id) != entity.id:
                raise TaxonomyError(f"{path}: entities.{i}.aliases",
                                    f"alias {alias!r} already belongs to {owner[folded]!r}")
        index.add_all(entity.aliases, ENTITY_KEY_PREFIX + entity.id)
        index.add_all(entity.exact, ENTITY_KEY_PREFIX + entity.id, exact=True)
    return Gazetteer(version=str(spec.version), entities=entities, index=index.freeze())
