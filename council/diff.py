"""Differences between two snapshot documents, as German sentences grouped by action field.

Measures and goals are matched by their database id, so a renumbered measure or a renamed goal
shows as changed, not as removed and added; a measure or goal moved to another action field is
listed as changed under its new field. A renamed goal is reported once, at the goal, not again
at each of its measures. Pass the older document first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from concept.models import ActionField, Goal
from core import formatting
from measures.models import Measure


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


def _arrow(label: str, old: str, new: str) -> str:
    return f"{label}: {old} → {new}"


# How a snapshot value is compared and told. Most kinds follow from the model field's type
# (see ``_kind``); KINDS and LABELS below name the exceptions.
PLAIN, TEXT, LONG_TEXT, DATE, NUMBER, EURO, PERCENT, CHOICE, BOOL = (
    "plain", "text", "long_text", "date", "number", "euro", "percent", "choice", "bool"
)  # fmt: skip
ACTION_FIELD, REFERENCE, PARTNERS = "action_field", "reference", "partners"

# The measure's fields in the order their sentences are told.
MEASURE_FIELDS = (
    "number", "action_field", "title", "description", "target_group", "goal", "lead_actor",
    "partners", "start_date", "deadline", "status", "progress", "indicator", "indicator_unit",
    "indicator_baseline", "indicator_target", "indicator_current", "staff_hours_per_year",
    "staff_fte", "staff_actor", "budget_amount", "funding_source", "budget_years",
    "no_extra_resources",
)  # fmt: skip
ACTION_FIELD_FIELDS = ("name", "guiding_goal", "short_description")
GOAL_FIELDS = ("title", "description")

# (model, field name) → kind, where the field's type does not say it.
KINDS = {
    (Measure, "number"): PLAIN,
    (Measure, "progress"): PERCENT,
    (Measure, "budget_amount"): EURO,
}
# (model, field name) → the label of the sentences, where the verbose name reads badly in them.
LABELS = {
    (Measure, "lead_actor"): _lazy("federführend"),
    (Measure, "progress"): _lazy("Fortschritt"),
    (Measure, "staff_fte"): _lazy("Stellenanteil (VZÄ)"),
    (Measure, "budget_amount"): _lazy("Finanzmittel"),
    (Measure, "budget_years"): _lazy("Haushaltsjahre"),
    (ActionField, "name"): _lazy("Name des Handlungsfelds"),
}


@dataclass(frozen=True)
class _Spec:
    key: str
    kind: str
    label: str
    field: object


def _kind(model, model_field) -> str:
    if (model, model_field.name) in KINDS:
        return KINDS[(model, model_field.name)]
    if model_field.many_to_many:
        return PARTNERS
    if model_field.is_relation:
        return ACTION_FIELD if model_field.related_model is ActionField else REFERENCE
    if model_field.choices:
        return CHOICE
    if isinstance(model_field, models.BooleanField):
        return BOOL
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.DecimalField):
        return NUMBER
    if isinstance(model_field, models.TextField):
        return LONG_TEXT
    if isinstance(model_field, models.CharField):
        return TEXT
    return PLAIN


@cache
def _specs(model, names: tuple[str, ...]) -> tuple[_Spec, ...]:
    specs = []
    for name in names:
        model_field = model._meta.get_field(name)
        label = LABELS.get((model, name), model_field.verbose_name)
        specs.append(_Spec(name, _kind(model, model_field), label, model_field))
    return tuple(specs)


def _ref_id(value) -> object:
    return (value or {}).get("id")


def _ref_name(value) -> str:
    """An actor's name or a goal's title (quoted) of a snapshot reference; "–" for none."""
    if not value:
        return "–"
    return value["name"] if "name" in value else _quoted(value.get("title"))


def _moved(spec: _Spec, old, new) -> str:
    """A number that was set, removed, raised or lowered."""
    places = spec.field.decimal_places
    fmt = (lambda v: formatting.euro(v, places)) if spec.kind == EURO else (
        lambda v: formatting.number(v, places)
    )  # fmt: skip
    label = str(spec.label)
    if _dec(old) is None:
        return _("%(label)s festgelegt: %(new)s") % {"label": label, "new": fmt(new)}
    if _dec(new) is None:
        return _("%(label)s entfernt (bisher %(old)s)") % {"label": label, "old": fmt(old)}
    verb = _("erhöht") if _dec(new) > _dec(old) else _("gesenkt")
    return _("%(label)s von %(old)s auf %(new)s %(verb)s") % {
        "label": label,
        "old": fmt(old),
        "new": fmt(new),
        "verb": verb,
    }


def _dated(label: str, old, new) -> str:
    values = {"label": label, "old": formatting.date(old), "new": formatting.date(new)}
    if not old:
        return _("%(label)s %(new)s festgelegt") % values
    if not new:
        return _("%(label)s %(old)s entfernt") % values
    return _("%(label)s vom %(old)s auf %(new)s verschoben") % values


def _partner_sentences(old, new) -> list[str]:
    old_partners = {a["id"]: a["name"] for a in old or []}
    new_partners = {a["id"]: a["name"] for a in new or []}
    added = sorted(n for i, n in new_partners.items() if i not in old_partners)
    removed = sorted(n for i, n in old_partners.items() if i not in new_partners)
    s = []
    if added:
        s.append(_("Kooperationspartner hinzugefügt: %s") % ", ".join(added))
    if removed:
        s.append(_("Kooperationspartner entfernt: %s") % ", ".join(removed))
    return s


def _shown(spec: _Spec, value, field_names: dict[int, str]) -> str:
    if spec.kind == TEXT:
        return _quoted(value)
    if spec.kind == REFERENCE:
        return _ref_name(value)
    if spec.kind == ACTION_FIELD:
        return field_names.get(value, str(value))
    if spec.kind == CHOICE:
        return formatting.choice(spec.field, value)
    if spec.kind == PERCENT:
        return formatting.percent(value)
    if spec.kind == BOOL:
        return formatting.yes_no(value)
    return str(value)


# Whether a value changed, by kind (the rest compare as they are).
_SAME = {
    REFERENCE: lambda a, b: _ref_id(a) == _ref_id(b),
    NUMBER: lambda a, b: _dec(a) == _dec(b),
    EURO: lambda a, b: _dec(a) == _dec(b),
    TEXT: lambda a, b: (a or "") == (b or ""),
    LONG_TEXT: lambda a, b: (a or "") == (b or ""),
}


def _sentences(specs, old: dict, new: dict, field_names: dict[int, str]) -> list[str]:
    """One German sentence per changed field of ``specs`` (two for added and removed
    partners)."""
    s: list[str] = []
    for spec in specs:
        a, b = old.get(spec.key), new.get(spec.key)
        if _SAME.get(spec.kind, lambda x, y: x == y)(a, b):
            continue
        label, kind = str(spec.label), spec.kind
        if kind == PARTNERS:
            s.extend(_partner_sentences(a, b))
        elif kind == LONG_TEXT:
            s.append(_("%(label)s geändert") % {"label": label})
        elif kind in (NUMBER, EURO):
            s.append(_moved(spec, a, b))
        elif kind == DATE:
            s.append(_dated(label, a, b))
        else:
            s.append(_arrow(label, _shown(spec, a, field_names), _shown(spec, b, field_names)))
    return s


def measure_sentences(old: dict, new: dict, field_names: dict[int, str]) -> list[str]:
    """What changed in one measure, one German sentence per changed field."""
    return _sentences(_specs(Measure, MEASURE_FIELDS), old, new, field_names)


def _goals_by_id(document: dict) -> dict[int, tuple[int, dict]]:
    return {
        goal["id"]: (f["number"], goal)
        for f in document.get("action_fields", [])
        for goal in f.get("goals", [])
    }


def _field_sentences(old: dict, new: dict) -> list[str]:
    return _sentences(_specs(ActionField, ACTION_FIELD_FIELDS), old, new, {})


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
        s += _sentences(_specs(Goal, GOAL_FIELDS), before, goal, names)
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
