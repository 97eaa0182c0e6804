"""Differences between two snapshot documents, as German sentences grouped by action field.

Measures and goals are matched by their database id, so a renumbered measure or a renamed goal
shows as changed, not as removed and added; a measure or goal moved to another action field is
listed as changed under its new field. A renamed goal is reported once, at the goal, not again
at each of its measures. Pass the older document first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .formatting import actor_name, euro, german_date, german_number, status_label, yes_no


@dataclass
class MeasureChange:
    measure: dict
    sentences: list[str]


@dataclass
class GoalChange:
    goal: dict
    sentences: list[str]


@dataclass
class FieldDiff:
    number: int
    name: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[MeasureChange] = field(default_factory=list)
    # the action field itself (name, guiding goal) and its goals
    sentences: list[str] = field(default_factory=list)
    goals_added: list[dict] = field(default_factory=list)
    goals_removed: list[dict] = field(default_factory=list)
    goals_changed: list[GoalChange] = field(default_factory=list)

    @property
    def has_goal_changes(self) -> bool:
        return bool(self.goals_added or self.goals_removed or self.goals_changed)

    @property
    def has_measure_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def is_empty(self) -> bool:
        return not (self.has_measure_changes or self.has_goal_changes or self.sentences)


@dataclass
class ConceptDiff:
    fields: list[FieldDiff]

    @property
    def groups(self) -> list[FieldDiff]:
        """Only the action fields in which something changed."""
        return [f for f in self.fields if not f.is_empty]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": sum(len(f.added) for f in self.fields),
            "removed": sum(len(f.removed) for f in self.fields),
            "changed": sum(len(f.changed) for f in self.fields),
        }

    @property
    def goal_counts(self) -> dict[str, int]:
        return {
            "added": sum(len(f.goals_added) for f in self.fields),
            "removed": sum(len(f.goals_removed) for f in self.fields),
            "changed": sum(len(f.goals_changed) for f in self.fields),
        }

    @property
    def is_empty(self) -> bool:
        return not self.groups


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _quoted(value) -> str:
    return f"„{value}“" if value not in (None, "") else "–"


def _moved(label: str, old, new, fmt, up: str, down: str) -> str:
    """Sentence for a number that was set, removed, raised or lowered."""
    old_d, new_d = _dec(old), _dec(new)
    if old_d is None:
        return _("%(label)s festgelegt: %(new)s") % {"label": label, "new": fmt(new)}
    if new_d is None:
        return _("%(label)s entfernt (bisher %(old)s)") % {"label": label, "old": fmt(old)}
    verb = up if new_d > old_d else down
    return _("%(label)s von %(old)s auf %(new)s %(verb)s") % {
        "label": label,
        "old": fmt(old),
        "new": fmt(new),
        "verb": verb,
    }


def _date_sentence(label: str, old, new) -> str:
    if not old:
        return _("%(label)s %(new)s festgelegt") % {"label": label, "new": german_date(new)}
    if not new:
        return _("%(label)s %(old)s entfernt") % {"label": label, "old": german_date(old)}
    return _("%(label)s vom %(old)s auf %(new)s verschoben") % {
        "label": label,
        "old": german_date(old),
        "new": german_date(new),
    }


def _arrow(label: str, old: str, new: str) -> str:
    return f"{label}: {old} → {new}"


def measure_sentences(old: dict, new: dict, field_names: dict[int, str]) -> list[str]:
    """What changed in one measure, one German sentence per changed field."""
    s: list[str] = []

    def changed(key):
        return old.get(key) != new.get(key)

    if changed("number"):
        s.append(_arrow(_("Nummer"), old["number"], new["number"]))
    if changed("action_field"):
        s.append(
            _arrow(
                _("Handlungsfeld"),
                field_names.get(old["action_field"], str(old["action_field"])),
                field_names.get(new["action_field"], str(new["action_field"])),
            )
        )
    if changed("title"):
        s.append(_arrow(_("Titel"), _quoted(old["title"]), _quoted(new["title"])))
    if changed("description"):
        s.append(_("Beschreibung geändert"))
    if changed("target_group"):
        s.append(
            _arrow(_("Zielgruppe"), _quoted(old["target_group"]), _quoted(new["target_group"]))
        )
    if (old.get("goal") or {}).get("id") != (new.get("goal") or {}).get("id"):
        s.append(
            _arrow(
                _("Ziel"),
                _quoted((old.get("goal") or {}).get("title")),
                _quoted((new.get("goal") or {}).get("title")),
            )
        )
    if (old.get("lead_actor") or {}).get("id") != (new.get("lead_actor") or {}).get("id"):
        s.append(
            _arrow(_("federführend"), actor_name(old["lead_actor"]), actor_name(new["lead_actor"]))
        )
    old_partners = {a["id"]: a["name"] for a in old.get("partners", [])}
    new_partners = {a["id"]: a["name"] for a in new.get("partners", [])}
    added = sorted(n for i, n in new_partners.items() if i not in old_partners)
    removed = sorted(n for i, n in old_partners.items() if i not in new_partners)
    if added:
        s.append(_("Kooperationspartner hinzugefügt: %s") % ", ".join(added))
    if removed:
        s.append(_("Kooperationspartner entfernt: %s") % ", ".join(removed))
    if changed("start_date"):
        s.append(_date_sentence(_("Beginn"), old["start_date"], new["start_date"]))
    if changed("deadline"):
        s.append(_date_sentence(_("Frist"), old["deadline"], new["deadline"]))
    if changed("status"):
        s.append(_arrow(_("Status"), status_label(old["status"]), status_label(new["status"])))
    if changed("progress"):
        s.append(_arrow(_("Fortschritt"), f"{old['progress']} %", f"{new['progress']} %"))
    if changed("indicator"):
        s.append(_arrow(_("Indikator"), _quoted(old["indicator"]), _quoted(new["indicator"])))
    if changed("indicator_unit"):
        s.append(
            _arrow(_("Einheit"), _quoted(old["indicator_unit"]), _quoted(new["indicator_unit"]))
        )
    for key, label in (
        ("indicator_baseline", _("Ausgangswert")),
        ("indicator_target", _("Zielwert")),
        ("indicator_current", _("aktueller Wert")),
    ):
        if _dec(old.get(key)) != _dec(new.get(key)):
            s.append(
                _moved(label, old.get(key), new.get(key), german_number, _("erhöht"), _("gesenkt"))
            )
    if _dec(old.get("staff_hours_per_year")) != _dec(new.get("staff_hours_per_year")):
        s.append(
            _moved(
                _("Personal (Stunden pro Jahr)"),
                old.get("staff_hours_per_year"),
                new.get("staff_hours_per_year"),
                lambda v: german_number(v, 1),
                _("erhöht"),
                _("gesenkt"),
            )
        )
    if _dec(old.get("staff_fte")) != _dec(new.get("staff_fte")):
        s.append(
            _moved(
                _("Stellenanteil (VZÄ)"),
                old.get("staff_fte"),
                new.get("staff_fte"),
                german_number,
                _("erhöht"),
                _("gesenkt"),
            )
        )
    if (old.get("staff_actor") or {}).get("id") != (new.get("staff_actor") or {}).get("id"):
        s.append(
            _arrow(
                _("Personal gestellt von"),
                actor_name(old.get("staff_actor")),
                actor_name(new.get("staff_actor")),
            )
        )
    if _dec(old.get("budget_amount")) != _dec(new.get("budget_amount")):
        s.append(
            _moved(
                _("Finanzmittel"),
                old.get("budget_amount"),
                new.get("budget_amount"),
                euro,
                _("erhöht"),
                _("gesenkt"),
            )
        )
    if changed("funding_source"):
        s.append(
            _arrow(
                _("Finanzierungsquelle"),
                _quoted(old["funding_source"]),
                _quoted(new["funding_source"]),
            )
        )
    if changed("budget_years"):
        s.append(
            _arrow(_("Haushaltsjahre"), _quoted(old["budget_years"]), _quoted(new["budget_years"]))
        )
    if changed("no_extra_resources"):
        s.append(
            _arrow(
                _("keine zusätzlichen Ressourcen nötig"),
                yes_no(old["no_extra_resources"]),
                yes_no(new["no_extra_resources"]),
            )
        )
    return s


def _goals_by_id(document: dict) -> dict[int, tuple[int, dict]]:
    return {
        goal["id"]: (f["number"], goal)
        for f in document.get("action_fields", [])
        for goal in f.get("goals", [])
    }


def _field_sentences(old: dict, new: dict) -> list[str]:
    s = []
    if old.get("name") != new.get("name"):
        s.append(_arrow(_("Name des Handlungsfelds"), _quoted(old["name"]), _quoted(new["name"])))
    if old.get("guiding_goal", "") != new.get("guiding_goal", ""):
        s.append(_("Leitziel geändert"))
    if old.get("short_description", "") != new.get("short_description", ""):
        s.append(_("Kurzbeschreibung geändert"))
    return s


def _diff_goals(old: dict, new: dict, group, names: dict[int, str]) -> None:
    """Goals added, removed and changed (title, description, action field), by id."""
    old_goals, new_goals = _goals_by_id(old), _goals_by_id(new)
    for goal_id, (number, goal) in new_goals.items():
        if goal_id not in old_goals:
            group(number).goals_added.append(goal)
            continue
        old_number, before = old_goals[goal_id]
        s = []
        if old_number != number:
            s.append(
                _arrow(
                    _("Handlungsfeld"),
                    names.get(old_number, str(old_number)),
                    names.get(number, str(number)),
                )
            )
        if before.get("title") != goal.get("title"):
            s.append(_arrow(_("Titel"), _quoted(before.get("title")), _quoted(goal.get("title"))))
        if before.get("description", "") != goal.get("description", ""):
            s.append(_("Beschreibung geändert"))
        if s:
            group(number).goals_changed.append(GoalChange(goal, s))
    for goal_id, (number, goal) in old_goals.items():
        if goal_id not in new_goals:
            group(number).goals_removed.append(goal)


def diff_documents(old: dict, new: dict) -> ConceptDiff:
    """Measures added, removed and changed from ``old`` to ``new``, by action field."""
    fields_doc = new.get("action_fields") or old.get("action_fields") or []
    names = {f["number"]: f["name"] for f in old.get("action_fields", [])}
    names.update({f["number"]: f["name"] for f in new.get("action_fields", [])})
    groups = {n: FieldDiff(number=n, name=name) for n, name in sorted(names.items())}
    old_by_id = {m["id"]: m for m in old.get("measures", [])}
    new_by_id = {m["id"]: m for m in new.get("measures", [])}

    def group(number):
        if number not in groups:
            groups[number] = FieldDiff(number=number, name=str(number))
        return groups[number]

    for measure in new.get("measures", []):
        before = old_by_id.get(measure["id"])
        if before is None:
            group(measure["action_field"]).added.append(measure)
            continue
        sentences = measure_sentences(before, measure, names)
        if sentences:
            group(measure["action_field"]).changed.append(MeasureChange(measure, sentences))
    for measure in old.get("measures", []):
        if measure["id"] not in new_by_id:
            group(measure["action_field"]).removed.append(measure)
    _diff_goals(old, new, group, names)
    old_fields = {f["number"]: f for f in old.get("action_fields", [])}
    for f in new.get("action_fields", []):
        if f["number"] in old_fields:
            group(f["number"]).sentences = _field_sentences(old_fields[f["number"]], f)
    order = [f["number"] for f in fields_doc]
    ordered = [groups[n] for n in order if n in groups]
    ordered += [g for n, g in sorted(groups.items()) if n not in order]
    return ConceptDiff(fields=ordered)
