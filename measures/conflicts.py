"""Edit conflicts of measures (the mechanism is ``core/conflicts.py``).

The measure form and the status report form carry the measure's version and the values they
showed (``original``); a save on an older version, or without one, is refused
(``MeasureConflict``). The form is then shown again: what the user changed stays, the rest
shows the stored measure, and a second save applies exactly the user's changes on top (it would
otherwise reset, e.g., the status an actor has just reported).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from core.conflicts import Change, Conflict, Save, original_token, rebase_form, shown

from .history import measure_history
from .models import Measure

# Status report form field → measure field.
REPORT_FIELDS = {"status": "status", "progress": "progress", "indicator_value": "indicator_current"}


def _edited_names(form: forms.BaseForm) -> list[str]:
    return [name for name in form.fields if name in form._meta.fields]


def measure_values(measure: Measure, names) -> dict:
    """The measure's values of the form fields ``names`` (foreign keys and partners as pks)."""
    values = {}
    for name in names:
        if name == "partners":
            values[name] = sorted(measure.partners.values_list("pk", flat=True))
        else:
            values[name] = Measure._meta.get_field(name).value_from_object(measure)
    return values


def measure_form_token(form: forms.BaseForm, measure: Measure) -> str:
    """The ``original`` of the unbound measure form of the stored ``measure`` (its initial
    values, read already: no query more)."""
    values = {name: form.initial.get(name) for name in _edited_names(form)}
    return original_token(values, version=measure.version)


def report_values(measure: Measure) -> dict:
    return {name: getattr(measure, attr) for name, attr in REPORT_FIELDS.items()}


def report_token(measure: Measure) -> str:
    """The ``original`` of the status report form for the stored ``measure``."""
    return original_token(report_values(measure), version=measure.version)


def _conflict(stored: Measure, expected_version: int, form, merged, labels: dict, internal: bool):
    """The page's account of the saves since ``expected_version`` (since the last save if the
    form's version is unknown); ``labels`` maps a form field's name to its history label."""
    since = expected_version if expected_version else stored.version - 1
    entries = measure_history(stored, since_version=since, include_internal=internal)
    in_form = {label: name for name, label in labels.items()}
    changes: dict[str, Change] = {}
    for entry in entries:
        for change in entry.changes:
            name = in_form.get(change.field)
            if change.field in changes:
                changes[change.field].theirs = change.new
                continue
            changes[change.field] = Change(
                label=change.field,
                before=change.old,
                theirs=change.new,
                in_form=name is not None,
                yours=shown(merged.values[name], form.fields[name])
                if name in merged.both
                else None,
            )
    return Conflict(
        subject=_("die Maßnahme"),
        saves=[Save(user=e.user, when=e.when, note=e.reason or e.kind_label) for e in entries],
        changes=list(changes.values()),
    )


def rebase_measure_form(form: forms.BaseForm, refused) -> Conflict:
    """The measure form after a refused save (``MeasureConflict``): merged with the stored
    measure, carrying its current original; and what the others changed."""
    stored = Measure.objects.get(pk=refused.current.pk)
    names = _edited_names(form)
    current = measure_values(stored, names)
    merged = rebase_form(
        form,
        base=form.cleaned_data["original"].values,
        current=current,
        token=original_token(current, version=stored.version),
        names=names,
    )
    labels = {name: str(Measure._meta.get_field(name).verbose_name) for name in names}
    return _conflict(stored, refused.expected_version, form, merged, labels, internal=True)


def rebase_report_form(form: forms.BaseForm, refused) -> Conflict:
    """The status report form after a refused save: status, progress and indicator value the
    actor left alone show the stored values now; the text stays."""
    stored = refused.current
    merged = rebase_form(
        form,
        base=form.cleaned_data["original"].values,
        current=report_values(stored),
        token=report_token(stored),
        names=list(REPORT_FIELDS),
    )
    labels = {
        name: str(Measure._meta.get_field(attr).verbose_name)
        for name, attr in REPORT_FIELDS.items()
    }
    return _conflict(stored, refused.expected_version, form, merged, labels, internal=False)
