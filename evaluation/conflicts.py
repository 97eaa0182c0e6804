"""After a refused stale save of an assessment: what the others changed, and the form to show.

The form carries the version it was opened with and a snapshot of the values it showed
(``original``). With both, a conflict can say which fields someone else changed meanwhile, and
the form shown again keeps every field the user changed while the fields they left alone show
the stored values; saving that form again applies only the user's changes on top.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Assessment, Criterion, Recommendation, ScaleLevel

TEXT_FIELDS = ("justification_", "remarks")


def value_names(criteria: list[Criterion]) -> list[str]:
    """The form's value fields in page order (no hidden bookkeeping fields)."""
    names = []
    for c in criteria:
        names += [f"level_{c.pk}", f"justification_{c.pk}"]
    return [*names, "indicator_value", "recommendation", "remarks"]


def stored_values(assessment: Assessment, criteria: list[Criterion]) -> dict[str, object]:
    """The assessment's values keyed by form field name (``assessment.scores`` is read once)."""
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    values: dict[str, object] = {
        "indicator_value": assessment.indicator_value,
        "recommendation": assessment.recommendation,
        "remarks": assessment.remarks,
    }
    for c in criteria:
        score = scores.get(c.pk)
        values[f"level_{c.pk}"] = score.level_id if score else None
        values[f"justification_{c.pk}"] = score.justification if score else ""
    return values


def _normalise(name: str, value):
    """Comparable form of a value, whether it came from the database, the form or JSON."""
    if name.startswith("level_"):
        return int(value) if value not in (None, "") else None
    if name == "indicator_value":
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
    return str(value or "").replace("\r\n", "\n").strip()


def encode(values: dict[str, object]) -> str:
    """The snapshot for the hidden ``original`` field."""
    return json.dumps(
        {name: None if v is None else str(v) for name, v in values.items()},
        ensure_ascii=False,
        sort_keys=True,
    )


def decode(text: str) -> dict[str, object] | None:
    """The snapshot back, or None if it is missing or garbled (then nothing counts as
    untouched: the user's inputs are all kept)."""
    try:
        data = json.loads(text or "")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _widget_value(name: str, value) -> str:
    """What the form field shows for a stored value."""
    if value is None:
        return ""
    if name == "indicator_value":
        return formats.localize_input(value)
    return str(value)


@dataclass
class FieldChange:
    label: str
    theirs: str
    yours: str | None = None  # the user's differing input, if they changed the field too


@dataclass
class Conflict:
    saves: list = field(default_factory=list)  # history rows of the other saves
    changes: list[FieldChange] = field(default_factory=list)
    data: QueryDict | None = None  # the form data to show again


def _labels(criteria: list[Criterion]) -> dict[str, str]:
    labels = {
        "indicator_value": _("Indikatorwert"),
        "recommendation": _("Empfehlung"),
        "remarks": _("Bemerkungen"),
    }
    for c in criteria:
        labels[f"level_{c.pk}"] = _("%(code)s %(title)s: Stufe") % {
            "code": c.code,
            "title": c.title,
        }
        labels[f"justification_{c.pk}"] = _("%(code)s %(title)s: Begründung") % {
            "code": c.code,
            "title": c.title,
        }
    return labels


def _display(name: str, value, levels: dict[int, ScaleLevel]) -> str:
    if name == "indicator_value":
        return formats.localize(value) if value not in (None, "") else _("leer")
    value = _normalise(name, value)
    if name.startswith("level_"):
        level = levels.get(value)
        return str(level) if level else _("noch nicht bewertet")
    if name == "recommendation":
        return str(dict(Recommendation.choices).get(value, "")) or _("keine")
    return value or _("leer")


def resolve(
    *,
    current: Assessment,
    expected_version: int,
    criteria: list[Criterion],
    levels: dict[int, ScaleLevel],
    submitted: dict[str, object],
    original: dict[str, object] | None,
    data: QueryDict,
) -> Conflict:
    """The conflict between the stored ``current`` assessment and a form opened at
    ``expected_version`` showing ``original`` and submitted with ``submitted`` (cleaned values;
    ``data`` is the raw POST)."""
    now = stored_values(current, criteria)
    labels = _labels(criteria)
    merged = data.copy()
    changes = []
    for name in value_names(criteria):
        mine = _normalise(name, submitted.get(name))
        theirs = _normalise(name, now.get(name))
        shown = _normalise(name, original.get(name)) if original is not None else None
        touched = original is None or mine != shown
        if not touched:
            merged[name] = _widget_value(name, now.get(name))
        changed_by_others = theirs != shown if original is not None else theirs != mine
        if changed_by_others:
            changes.append(
                FieldChange(
                    label=labels[name],
                    theirs=_display(name, now.get(name), levels),
                    yours=_display(name, submitted.get(name), levels)
                    if touched and mine != theirs
                    else None,
                )
            )
    merged["version"] = str(current.version)
    merged["original"] = encode(now)
    saves = list(
        current.history.filter(version__gt=expected_version)
        .select_related("history_user")
        .order_by("history_date")
    )
    return Conflict(saves=saves, changes=changes, data=merged)
