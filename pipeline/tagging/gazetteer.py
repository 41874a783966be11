"""The entity gazetteer: people, places and organisations with their aliases, spellings and offices.

``config/gazetteer.yaml`` lists each entity once with an id, a preferred name, a kind and the
aliases it is written as (``Sergei Lavrov``, ``Sergey Lavrov``, ``Lavrov``); ``exact`` aliases
(``UN``, ``ISSG``) must match letter for letter. Mentions are found in one pass over the tokens;
where aliases overlap the longest leftmost wins, so "Vladimir Putin" is one mention, not two.

A person may hold ``offices``: a role (``us-president``, ``russian-foreign-minister``, ...) from
one date to another (open-ended while in office). The taxonomy refers to roles, not names: a
mention of a person counts for a role when they held it on the article's date, or at any time
when the article has no date (see :meth:`Gazetteer.roles_at`).

Office holders may share an alias ("President Bush" is George H. W. Bush in 1992 and George W.
Bush in 2005): the article's date tells them apart (:meth:`Gazetteer.resolve`). Any other
alias belongs to one entity only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from pipeline.errors import TaxonomyError
from pipeline.records import Entity
from pipeline.tagging.config import read_yaml, validate
from pipeline.tagging.phrases import Hit, PhraseIndex


class Office(BaseModel):
    """A role held from ``from`` to ``to`` (inclusive; open while ``to`` is absent)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    role: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Office:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"office {self.role!r} ends ({self.end}) before it starts ({self.start})")
        return self

    def held_on(self, date: dt.date | None, incoming: dt.timedelta = dt.timedelta(0)) -> bool:
        """Whether the office was held on ``date`` (any date counts when it is unknown), counting
        the ``incoming`` time before it starts (a president-elect's planned summit is summit news)."""
        if date is None:
            return True
        return self.start - incoming <= date and (self.end is None or date <= self.end)


class EntitySpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    kind: Literal["person", "place", "organisation"]
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()

    @model_validator(mode="after")
    def _has_alias(self) -> EntitySpec:
        if not (self.aliases or self.exact):
            raise ValueError("an entity needs at least one alias (aliases or exact)")
        if self.offices and self.kind != "person":
            raise ValueError("only a person holds offices")
        return self


class GazetteerFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1)
    incoming_days: int = Field(
        default=0,
        ge=0,
        description="an office counts from this many days before it starts: the office holder-elect",
    )
    entities: tuple[EntitySpec, ...] = Field(min_length=1)


ENTITY_KEY_PREFIX = "entity:"
_ENTITIES = TypeAdapter(tuple[Entity, ...])  # one validation call per article, not one per entity


@dataclass(frozen=True, slots=True, eq=False)
class Gazetteer:
    """A loaded gazetteer: the entities by id and one phrase index over all their aliases."""

    version: str
    entities: dict[str, EntitySpec]
    index: PhraseIndex
    incoming: dt.timedelta = dt.timedelta(0)

    @property
    def roles(self) -> frozenset[str]:
        """Every role some entity of the gazetteer holds or held."""
        return frozenset(o.role for e in self.entities.values() for o in e.offices)

    def roles_at(self, entity_id: str, date: dt.date | None) -> tuple[str, ...]:
        """The roles ``entity_id`` held on ``date``; every role they ever held when ``date`` is None.

        A former office holder holds none: "former Secretary of State Clinton" in 2016 is no
        Secretary of State; an incoming one (``incoming_days`` before taking office) does."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return ()
        return tuple(dict.fromkeys(o.role for o in entity.offices if o.held_on(date, self.incoming)))

    def find(self, text: str, date: dt.date | None = None) -> tuple[Entity, ...]:
        """Entities mentioned in ``text``, in order of first mention, each with every mention."""
        return self.entities_from(text, self.index.find(text), date=date)

    def resolve(self, keys: tuple[str, ...], date: dt.date | None) -> str:
        """The entity id a mention with these entity ``keys`` names: when an alias is shared, the
        office holder on ``date`` (counting ``incoming``), else the most recent office holder."""
        ids = [k.removeprefix(ENTITY_KEY_PREFIX) for k in keys]
        if len(ids) == 1:
            return ids[0]
        in_office = [i for i in ids if any(o.held_on(date, self.incoming) for o in self.entities[i].offices)]
        candidates = in_office if date is not None and in_office else ids
        return max(
            candidates, key=lambda i: max((o.start for o in self.entities[i].offices), default=dt.date.min)
        )

    def entities_from(
        self, text: str, hits: list[Hit], shift: int = 0, date: dt.date | None = None
    ) -> tuple[Entity, ...]:
        """Entities from the hits of an index holding this gazetteer's phrases (see ``union``);
        ``shift`` is where ``text`` starts in the text the hits were found in; ``date`` tells
        apart the office holders sharing an alias."""
        mentions: dict[str, list[dict[str, object]]] = {}
        entity_hits = [hit for hit in hits if hit.start >= shift and entity_keys(hit)]
        for hit in longest_leftmost(entity_hits):
            entity_id = self.resolve(entity_keys(hit), date)
            start, end = hit.start - shift, hit.end - shift
            mentions.setdefault(entity_id, []).append(
                {"start": start, "end": end, "match": text[start:end], "rule": f"gazetteer:{entity_id}"}
            )
        return _ENTITIES.validate_python(
            [
                {
                    "id": entity_id,
                    "name": self.entities[entity_id].name,
                    "kind": self.entities[entity_id].kind,
                    "mentions": spans,
                }
                for entity_id, spans in mentions.items()
            ]
        )


def entity_keys(hit: Hit) -> tuple[str, ...]:
    """The entity keys of a hit: one, or several for an alias office holders share."""
    return tuple(key for key in hit.keys if key.startswith(ENTITY_KEY_PREFIX))


def longest_leftmost(hits: list[Hit]) -> list[Hit]:
    """Of overlapping hits, the longest leftmost: "Vladimir Putin" is one mention, not two."""
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
            first = owner.setdefault(folded, entity.id)
            if first != entity.id and not (entity.offices and entities[first].offices):
                raise TaxonomyError(
                    f"{path}: entities.{i}.aliases",
                    f"alias {alias!r} already belongs to {first!r} (only office holders, whom the "
                    "article's date tells apart, may share an alias)",
                )
        index.add_all(entity.aliases, ENTITY_KEY_PREFIX + entity.id)
        index.add_all(entity.exact, ENTITY_KEY_PREFIX + entity.id, exact=True)
    return Gazetteer(
        version=str(spec.version),
        entities=entities,
        index=index.freeze(),
        incoming=dt.timedelta(days=spec.incoming_days),
    )
