"""Names as people type them: normalise, resolve to an actor, suggest similar ones.

A name in a spreadsheet matches an actor only by the actor's name, its short name or an alias
stored on it (``ActorAlias``), each compared after :func:`normalise`. Nothing is guessed:
similar names are offered as suggestions (:meth:`NameIndex.suggest`), never applied.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"
QUOTES = "\u201e\u201c\u201d\u201a\u2018\u2019\u00ab\u00bb\u2039\u203a\"'`\u00b4"
_DASH_TABLE = {ord(c): "-" for c in DASHES}
_QUOTE_TABLE = {ord(c): None for c in QUOTES}
_SPACES = re.compile(r"\s+")
_AROUND_DASH = re.compile(r"\s*-\s*")

VIA_NAME = "name"
VIA_SHORT_NAME = "short_name"
VIA_ALIAS = "alias"
VIA_LABELS = {VIA_NAME: _("Name"), VIA_SHORT_NAME: _("Kurzname"), VIA_ALIAS: _("Alias")}


def normalise(text: str | None) -> str:
    """Case, white space (also non-breaking), dashes and quotes do not matter:
    „Stadt – FB 50“ and "stadt-fb 50" are the same name."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = text.translate(_DASH_TABLE).translate(_QUOTE_TABLE)
    text = _SPACES.sub(" ", text).strip()
    text = _AROUND_DASH.sub("-", text)
    return text.casefold()


@dataclass(frozen=True)
class Match[T]:
    target: T
    via: str  # VIA_NAME, VIA_SHORT_NAME or VIA_ALIAS

    @property
    def via_label(self) -> str:
        return str(VIA_LABELS[self.via])


class NameIndex[T]:
    """Objects by their normalised names. The first object to claim a key keeps it (names
    before short names before aliases, see :func:`actor_index`)."""

    def __init__(self):
        self._by_key: dict[str, Match[T]] = {}
        self._display: dict[str, str] = {}

    def add(self, name: str, target: T, via: str = VIA_NAME) -> None:
        key = normalise(name)
        if key and key not in self._by_key:
            self._by_key[key] = Match(target, via)
            self._display[key] = name

    def targets(self) -> list[T]:
        """Every object of the index, once."""
        return list({id(m.target): m.target for m in self._by_key.values()}.values())

    def resolve(self, name: str) -> Match[T] | None:
        return self._by_key.get(normalise(name))

    def suggest(self, name: str, *, limit: int = 3, cutoff: float = 0.6) -> list[T]:
        """Up to ``limit`` objects whose names look like ``name`` (difflib similarity), best
        first, each once. Only ever offered, never used by itself."""
        key = normalise(name)
        found: list[T] = []
        for close in difflib.get_close_matches(key, self._by_key, n=limit * 3, cutoff=cutoff):
            target = self._by_key[close].target
            if target not in found:
                found.append(target)
        # a name contained in the other ("Caritas" / "Caritasverband Musterhausen e.V.")
        if len(found) < limit and len(key) >= 4:
            for other, match in self._by_key.items():
                if (key in other or other in key) and match.target not in found:
                    found.append(match.target)
                if len(found) >= limit * 2:
                    break
        return found[:limit]


def actor_index(actors: Iterable, aliases: Iterable) -> NameIndex:
    """The index the importer resolves actor names with: names, then short names, then
    aliases (``ActorAlias`` rows with ``actor_id``)."""
    actors = list(actors)
    by_id = {actor.pk: actor for actor in actors}
    index: NameIndex = NameIndex()
    for actor in actors:
        index.add(actor.name, actor, VIA_NAME)
    for actor in actors:
        if actor.short_name:
            index.add(actor.short_name, actor, VIA_SHORT_NAME)
    for alias in aliases:
        actor = by_id.get(alias.actor_id)
        if actor is not None:
            index.add(alias.alias, actor, VIA_ALIAS)
    return index
