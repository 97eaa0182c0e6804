"""Actor and goal names of a file: found (by name, short name or alias) or chosen by the
coordinator in the preview (create, map to an existing one and remember the alias, or, for
partners, leave out). Nothing is ever guessed: similar names are only suggestions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from concept.models import Actor, ActorKind, Goal
from concept.naming import NameIndex, normalise

from .base import NameEntry, name_key

NEW, MAP, OMIT = "new", "map", "omit"
ALL_ACTORS = "*actors"  # decisions for every missing name (management commands)
ALL_GOALS = "*goals"


class ActorNames:
    def __init__(self, decisions: dict, index: NameIndex | None = None):
        self.decisions = decisions
        self.index = index or Actor.objects.all().name_index()
        self.by_id = {actor.pk: actor for actor in self.index.targets()}
        self.entries: dict[str, NameEntry] = {}

    def use(self, text: str, line: int, *, lead: bool) -> NameEntry:
        key = normalise(text)
        entry = self.entries.get(key)
        if entry is None:
            entry = NameEntry(key=name_key("a", key), text=text)
            match = self.index.resolve(text)
            if match is not None:
                entry.found, entry.via, entry.target = match.target, match.via_label, match.target
            else:
                entry.suggestions = self.index.suggest(text)
                self._decide(entry)
            self.entries[key] = entry
        if line not in entry.lines:
            entry.lines.append(line)
        if lead:
            entry.partner_only = False
        return entry

    def _decide(self, entry: NameEntry) -> None:
        choice = dict(self.decisions.get(entry.key) or {})
        if not choice.get("choice") and self.decisions.get(ALL_ACTORS) == NEW:
            choice = {"choice": NEW}
        entry.choice = choice
        kind = choice.get("choice")
        if kind == NEW:
            name = " ".join(str(choice.get("name") or entry.text).split())
            actor = Actor(
                name=name,
                kind=choice.get("kind") or ActorKind.OTHER,
                email=(choice.get("email") or "").strip(),
            )
            entry.choice.setdefault("name", name)
            entry.choice.setdefault("kind", actor.kind)
            try:
                actor.full_clean(validate_unique=False)
                if actor.email:
                    validate_email(actor.email)
            except ValidationError as error:
                entry.problem = _("„%(name)s“: %(errors)s") % {
                    "name": name,
                    "errors": " ".join(error.messages),
                }
                return
            existing = self.index.resolve(name)
            if existing is not None:
                entry.problem = _(
                    "Einen Akteur „%(name)s“ gibt es schon (%(actor)s): bitte „vorhandenem "
                    "Akteur zuordnen“ wählen."
                ) % {"name": name, "actor": existing.target.name}
                return
            entry.target = actor
        elif kind == MAP:
            target = self.by_id.get(_int(choice.get("target")))
            if target is None:
                entry.problem = _("Für „%(name)s“ bitte einen vorhandenen Akteur wählen.") % {
                    "name": entry.text
                }
                return
            entry.target = target
        elif kind == OMIT:
            entry.omitted = True

    def finish(self) -> list[NameEntry]:
        """Every name once, in the order of the file; checks that only need all rows."""
        new_names: dict[str, NameEntry] = {}
        for entry in self.entries.values():
            if entry.omitted and not entry.partner_only:
                entry.problem = _(
                    "„%(name)s“ ist federführend genannt und kann nicht weggelassen werden: "
                    "bitte anlegen oder zuordnen."
                ) % {"name": entry.text}
            if isinstance(entry.target, Actor) and entry.target.pk is None and not entry.found:
                other = new_names.setdefault(normalise(entry.target.name), entry)
                if other is not entry:
                    entry.problem = _(
                        "„%(name)s“ soll zweimal angelegt werden (auch für „%(other)s“). Bitte "
                        "einmal anlegen und den Namen dort als anderen Namen angeben, oder "
                        "einen anderen Namen wählen."
                    ) % {"name": entry.target.name, "other": other.text}
        return list(self.entries.values())


class GoalNames:
    def __init__(self, decisions: dict):
        self.decisions = decisions
        self.goals = list(Goal.objects.all())
        self.by_id = {g.pk: g for g in self.goals}
        self.index: dict[int, NameIndex] = {}
        for goal in self.goals:
            self.index.setdefault(goal.action_field_id, NameIndex()).add(goal.title, goal)
        self.entries: dict[tuple, NameEntry] = {}
        self.order: dict[int, int] = {}
        for goal in self.goals:
            self.order[goal.action_field_id] = max(
                self.order.get(goal.action_field_id, 0), goal.order
            )

    def use(self, text: str, line: int, *, action_field) -> NameEntry:
        key = (action_field.pk, normalise(text))
        entry = self.entries.get(key)
        if entry is None:
            entry = NameEntry(key=name_key("g", *key), text=text, context=action_field)
            index = self.index.get(action_field.pk) or NameIndex()
            match = index.resolve(text)
            if match is not None:
                entry.found, entry.via, entry.target = match.target, match.via_label, match.target
            else:
                entry.suggestions = index.suggest(text)
                self._decide(entry, action_field)
            self.entries[key] = entry
        if line not in entry.lines:
            entry.lines.append(line)
        return entry

    def _decide(self, entry: NameEntry, action_field) -> None:
        choice = dict(self.decisions.get(entry.key) or {})
        if not choice.get("choice") and self.decisions.get(ALL_GOALS) == NEW:
            choice = {"choice": NEW}
        entry.choice = choice
        if choice.get("choice") == NEW:
            self.order[action_field.pk] = self.order.get(action_field.pk, 0) + 1
            goal = Goal(
                action_field=action_field, title=entry.text[:300], order=self.order[action_field.pk]
            )
            entry.target = goal
        elif choice.get("choice") == MAP:
            target = self.by_id.get(_int(choice.get("target")))
            if target is None or target.action_field_id != action_field.pk:
                entry.problem = _(
                    "Für „%(name)s“ bitte ein Ziel des Handlungsfelds %(field)s wählen."
                ) % {"name": entry.text, "field": action_field}
                return
            entry.target = target

    def goals_of(self, action_field_id: int) -> list[Goal]:
        return [g for g in self.goals if g.action_field_id == action_field_id]

    def finish(self) -> list[NameEntry]:
        return list(self.entries.values())


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
