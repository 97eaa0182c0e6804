"""After a refused stale save: keep what the user changed, show everything else as it is now.

Without this, saving the conflict page again would write back every field of the stale form,
also the ones the user never touched, and silently undo the other person's change (e.g. reset
the status an actor has just reported). Here a field counts as changed by the user when the
submitted value differs from the value the form showed when it was opened (the measure's
history record of that version); all other fields get the stored values, so a second save
applies exactly the user's own changes on top of the other person's.
"""

from __future__ import annotations

from django import forms

from . import models
from .models import Measure


def values_at(measure: Measure, version: int) -> dict | None:
    """The measure's fields (by name; foreign keys as pks) and partner pks as they were saved
    in ``version``; None if that version is not in the history."""
    record = (
        models.HistoricalMeasure.objects.filter(id=measure.pk, version=version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return None
    values = {f.name: getattr(record, f.attname) for f in Measure._meta.concrete_fields}
    values["partners"] = sorted(
        models.HistoricalMeasure_partners.objects.filter(history=record).values_list(
            "actor_id", flat=True
        )
    )
    return values


def refresh_untouched(form: forms.BaseForm, *, shown: dict, current: dict) -> list[str]:
    """Give every field in ``shown`` whose submitted value still equals ``shown`` (the value
    the form showed) the ``current`` value; the others keep the input. Returns the names of
    the fields the user changed."""
    data = form.data.copy()
    changed = []
    for name, value in shown.items():
        field = form.fields[name]
        key = form.add_prefix(name)
        submitted = field.widget.value_from_datadict(form.data, form.files, key)
        if field.has_changed(value, submitted):
            changed.append(name)
            continue
        new = current[name]
        if isinstance(field.widget, forms.CheckboxInput):
            if new:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif isinstance(new, list | tuple):
            data.setlist(key, [str(v) for v in new])
        elif isinstance(field.widget, forms.Select) or new is None:
            data[key] = "" if new is None else str(new)
        else:  # as the widget shows it (dates TT.MM.JJJJ, localized numbers)
            data[key] = field.widget.format_value(new) or ""
    form.data = data
    return changed


def merge_measure_form(form: forms.BaseForm, measure: Measure, expected_version: int) -> None:
    """The measure form after a conflict (see module docstring); ``measure`` is the stored
    measure now."""
    names = [name for name in form.fields if name in form._meta.fields]
    shown = values_at(measure, expected_version)
    if shown is None:
        return
    current = {f.name: f.value_from_object(measure) for f in Measure._meta.concrete_fields}
    current["partners"] = sorted(measure.partners.values_list("pk", flat=True))
    refresh_untouched(
        form,
        shown={name: shown[name] for name in names},
        current={name: current[name] for name in names},
    )


REPORT_FIELDS = {"status": "status", "progress": "progress", "indicator_value": "indicator_current"}


def merge_report_form(form: forms.BaseForm, measure: Measure, expected_version: int) -> None:
    """The status report form after a conflict: status, progress and indicator value the
    actor left as they were now show the other report's values."""
    shown = values_at(measure, expected_version)
    if shown is None:
        return
    refresh_untouched(
        form,
        shown={name: shown[attr] for name, attr in REPORT_FIELDS.items()},
        current={name: getattr(measure, attr) for name, attr in REPORT_FIELDS.items()},
    )
