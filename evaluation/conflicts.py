"""Edit conflicts of assessments (the mechanism is ``core/conflicts.py``).

The assessment form carries the version it was opened with and the values it showed
(``original``). A save on an older version, or without one, is refused (``AssessmentConflict``);
the form is shown again keeping every field the user changed while the fields they left alone
show the stored values, and the page says which fields someone else changed meanwhile; saving
that form again applies only the user's changes on top.
"""

from __future__ import annotations

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _

from core.conflicts import Change, Conflict, Save, normalise, original_token, rebase_form

from .models import Assessment, Criterion, Recommendation, ScaleLevel


def value_names(criteria: list[Criterion]) -> list[str]:
    """The form's value fields in page order (no hidden bookkeeping fields)."""
    names = []
    for c in criteria:
        names += [f"level_{c.pk}", f"justification_{c.pk}", f"override_{c.pk}"]
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
        values[f"override_{c.pk}"] = score.override_reason if score else ""
    return values


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
        labels[f"override_{c.pk}"] = _("%(code)s %(title)s: Grund der Abweichung") % {
            "code": c.code,
            "title": c.title,
        }
    return labels


def _display(name: str, value, levels: dict[int, ScaleLevel]) -> str:
    plain = normalise(value)
    if name == "indicator_value":
        return formats.localize(value) if plain is not None else _("leer")
    if name.startswith("level_"):
        level = levels.get(int(plain)) if plain is not None else None
        return str(level) if level else _("noch nicht bewertet")
    if name == "recommendation":
        return str(dict(Recommendation.choices).get(plain, "")) or _("keine")
    return plain or _("leer")


def assessment_token(assessment: Assessment, criteria: list[Criterion]) -> str:
    """The ``original`` of the assessment form for the stored ``assessment``."""
    return original_token(stored_values(assessment, criteria), version=assessment.version)


def rebase_assessment_form(form: forms.BaseForm, refused) -> Conflict:
    """The assessment form after a refused save (``AssessmentConflict``): merged with the
    stored assessment, carrying its current original; and who saved meanwhile, what changed."""
    current = refused.current
    criteria = form.criteria
    now = stored_values(current, criteria)
    merged = rebase_form(
        form,
        base=form.cleaned_data["original"].values,
        current=now,
        token=original_token(now, version=current.version),
        names=value_names(criteria),
    )
    labels = _labels(criteria)
    changes = [
        Change(
            label=labels[name],
            theirs=_display(name, now[name], form.levels),
            yours=_display(name, merged.values[name], form.levels) if name in merged.both else None,
        )
        for name in merged.theirs
    ]
    since = refused.expected_version or current.version - 1
    saves = (
        current.history.filter(version__gt=since)
        .select_related("history_user")
        .order_by("history_date")
    )
    return Conflict(
        subject=_("diese Bewertung"),
        saves=[
            Save(user=h.history_user, when=h.history_date, note=h.get_state_display())
            for h in saves
        ],
        changes=changes,
    )
