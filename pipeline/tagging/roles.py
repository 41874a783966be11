"""Roles, not name lists: a person named in the text counts for the taxonomy's role vocabularies.

A vocabulary of ``config/topics.yaml`` may name gazetteer roles (``roles: [us-president]``).
A mention of a person (found by the gazetteer's aliases) then also counts as a phrase of that
vocabulary — when the person held the office on the article's date (or was about to take it
up: the gazetteer's ``incoming_days``), or held it at any time when the date is unknown. "Biden
and Putin met in Geneva" is a meeting of the two presidents in 2021; "Kerry met Lavrov" in 2023
is not a Secretary of State's meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.errors import TaxonomyError
from pipeline.tagging.gazetteer import ENTITY_KEY_PREFIX, Gazetteer, Office, entity_keys, longest_leftmost
from pipeline.tagging.phrases import Hit
from pipeline.tagging.taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class RoleResolver:
    """For each entity key holding a role the taxonomy uses: its offices and their vocabulary keys."""

    offices: dict[str, tuple[tuple[Office, tuple[str, ...]], ...]]
    incoming: dt.timedelta = dt.timedelta(0)

    def expand(self, hits: list[Hit], date: dt.date | None) -> list[Hit]:
        """``hits`` with each office holder's mention also keyed to the vocabularies of the roles
        they held on ``date`` (any date when None). Only a whole mention counts: "Bush" inside
        "George H. W. Bush" is no mention of the other Bush who shares that alias."""
        if not self.offices:
            return hits
        mentions = set(longest_leftmost([hit for hit in hits if entity_keys(hit)]))
        expanded = []
        for hit in hits:
            if hit not in mentions:
                expanded.append(hit)
                continue
            extra: tuple[str, ...] = ()
            for key in hit.keys:
                for office, vocab_keys in self.offices.get(key, ()):
                    if office.held_on(date, self.incoming):
                        extra += vocab_keys
            expanded.append(hit._replace(keys=(*hit.keys, *dict.fromkeys(extra))) if extra else hit)
        return expanded


def check_roles(taxonomy: Taxonomy, gazetteer: Gazetteer, source: str = "taxonomy") -> None:
    """TaxonomyError unless every role ``taxonomy`` names is held by some ``gazetteer`` entity:
    a typo ("us-presidnet") would otherwise silently match nobody. The error names ``source``
    (the taxonomy file) and the first vocabulary naming an unknown role."""
    unknown = sorted(taxonomy.roles - gazetteer.roles)
    if not unknown:
        return
    vocabulary = min(
        key.removeprefix("vocab:") for role in unknown for key in taxonomy.role_keys.get(role, ())
    )
    raise TaxonomyError(
        f"{source}: vocabularies.{vocabulary}.roles",
        f"role(s) {', '.join(map(repr, unknown))} held by "
        f"no gazetteer entity (known: {', '.join(sorted(gazetteer.roles)) or 'none'})",
    )


def role_resolver(taxonomy: Taxonomy, gazetteer: Gazetteer) -> RoleResolver:
    """The resolver joining ``taxonomy``'s role vocabularies to ``gazetteer``'s offices;
    TaxonomyError when a role is held by nobody (see :func:`check_roles`)."""
    check_roles(taxonomy, gazetteer)
    offices: dict[str, tuple[tuple[Office, tuple[str, ...]], ...]] = {}
    for entity_id, entity in gazetteer.entities.items():
        held = tuple((o, taxonomy.role_keys[o.role]) for o in entity.offices if o.role in taxonomy.role_keys)
        if held:
            offices[ENTITY_KEY_PREFIX + entity_id] = held
    return RoleResolver(offices, gazetteer.incoming)
