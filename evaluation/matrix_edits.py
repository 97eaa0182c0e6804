"""Editing a matrix without losing input (the mechanism is ``core/conflicts.py``).

The matrix form carries a signed snapshot (``original``) of the matrix, its criteria and its
levels as they were when the form was opened. A save is refused when the matrix looks different
now (someone else saved it meanwhile, see ``services.matrix_update``) or the form came without
its snapshot. The form is then shown again: per field, ``core.conflicts.merge`` keeps what the
user changed and shows the stored value where they left it alone, and the snapshot is the
current one, so saving again applies the user's changes on top. Rows the other person deleted
become new rows if the user filled them in; rows they added stay as they are.

When a cycle has locked the matrix meanwhile, the same input can be saved as a new version
of the matrix (``as_new_version``).
"""

from __future__ import annotations

from itertools import chain

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conflicts import Change, Conflict, Original, Save, merge, original_token, widget_values

from .models import Criterion, EvaluationMatrix, ScaleLevel

PREFIXES = ("criteria", "levels")
FIELDS = {
    "matrix": ("name", "description"),
    "criteria": ("code", "title", "weight", "description", "order"),
    "levels": ("label", "score", "no_score", "description"),
}
LABELS = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Beschreibung"),
    "code": gettext_lazy("Kürzel"),
    "title": gettext_lazy("Kriterium"),
    "weight": gettext_lazy("Gewicht"),
    "order": gettext_lazy("Reihenfolge"),
    "label": gettext_lazy("Bezeichnung"),
    "score": gettext_lazy("Punkte"),
    "no_score": gettext_lazy("zählt als keine Bewertung"),
}


def snapshot(matrix: EvaluationMatrix) -> dict:
    """Everything the matrix form edits (2 queries)."""
    criteria = Criterion.objects.filter(matrix=matrix).order_by("pk")
    levels = ScaleLevel.objects.filter(matrix=matrix).order_by("pk")
    return {
        "matrix": {"name": matrix.name, "description": matrix.description},
        "criteria": {
            str(row["pk"]): {k: row[k] for k in FIELDS["criteria"]}
            for row in criteria.values("pk", *FIELDS["criteria"])
        },
        "levels": {
            str(row["pk"]): {k: row[k] for k in FIELDS["levels"]}
            for row in levels.values("pk", *FIELDS["levels"])
        },
    }


def matrix_token(matrix: EvaluationMatrix) -> str:
    """The ``original`` of the matrix form for the stored ``matrix``."""
    return original_token(snapshot(matrix))


def is_stale(original: Original, matrix: EvaluationMatrix) -> bool:
    """Whether the matrix now differs from the form's snapshot; a form without one (or with a
    broken one) counts as stale too."""
    return not original.known or original.values != snapshot(matrix)


def last_save(matrix: EvaluationMatrix) -> Save | None:
    """Who saved the matrix (or one of its criteria or levels) last, and when (3 queries)."""
    records = [
        EvaluationMatrix.history.filter(id=matrix.pk),
        Criterion.history.filter(matrix_id=matrix.pk),
        ScaleLevel.history.filter(matrix_id=matrix.pk),
    ]
    newest = [
        qs.select_related("history_user").order_by("-history_date", "-history_id").first()
        for qs in records
    ]
    newest = [record for record in newest if record is not None]
    if not newest:
        return None
    record = max(newest, key=lambda r: r.history_date)
    return Save(user=record.history_user, when=record.history_date)


def _rows(data: QueryDict, prefix: str) -> list[dict[str, list[str]]]:
    """The formset's rows as {field name: values}, in form order."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    total = min(total, 1000)  # Django's absolute maximum of a formset
    rows = []
    for i in range(total):
        start = f"{prefix}-{i}-"
        rows.append({key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)})
    return rows


def _write(data: QueryDict, prefix: str, existing, new) -> None:
    for key in [k for k in data if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()]:
        del data[key]
    for i, row in enumerate(chain(existing, new)):
        for name, values in row.items():
            data.setlist(f"{prefix}-{i}-{name}", values)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(existing) + len(new))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))


def _is_deleted(row) -> bool:
    return bool(row.get("DELETE", [""])[-1])


def _value(row: dict, name: str):
    values = row.get(name, [])
    return values[-1] if values else None


def _parsed(row: dict, fields: dict) -> dict:
    """A row's submitted values as its form fields read them (the raw text if it does not
    parse)."""
    values = {}
    for name, form_field in fields.items():
        raw = _value(row, name)
        try:
            values[name] = form_field.to_python(raw)
        except ValidationError:
            values[name] = raw
    return values


def _labels(names) -> str:
    return ", ".join(str(LABELS[name]) for name in names)


def _refresh(row: dict, names, fields: dict, stored: dict) -> None:
    for name in names:
        row[name] = widget_values(fields[name], stored[name])


def rebase(
    data: QueryDict, matrix: EvaluationMatrix, original: Original, *, form, criteria, levels
) -> tuple[QueryDict, Conflict]:
    """The form data to show again after a conflict, and the account of what the others did.

    ``form``, ``criteria`` and ``levels`` are the stale submission's form and formsets (their
    fields read the input). Per field, ``merge``: what the user left alone takes the stored
    value. Rows whose object is gone become new rows (unless the user deleted them too or left
    them alone); the snapshot is the current one.
    """
    data = data.copy()
    before = original.values or {}
    now = snapshot(matrix)
    changes = []
    fields = {name: form.fields[name] for name in FIELDS["matrix"]}
    mine = _parsed({name: data.getlist(name) for name in fields}, fields)
    result = merge(base=before.get("matrix"), mine=mine, theirs=now["matrix"])
    if original.known and result.theirs:
        changes.append(
            Change(_("Matrix: %(fields)s geändert") % {"fields": _labels(result.theirs)})
        )
    for name in fields:
        if name not in result.mine:
            data.setlist(name, widget_values(fields[name], now["matrix"][name]))
    for prefix, formset in (("criteria", criteria), ("levels", levels)):
        changes += _rebase_rows(data, prefix, formset, before.get(prefix, {}), now[prefix])
    data["original"] = original_token(now)
    saved = last_save(matrix)
    return data, Conflict(
        subject=_("diese Matrix"),
        saves=[saved] if saved else [],
        changes=changes,
        last_save_only=True,
        hint=_(
            "Kriterien oder Stufen, die inzwischen gelöscht wurden und die Sie ausgefüllt "
            "haben, werden beim erneuten Speichern neu angelegt."
        ),
    )


def _rebase_rows(data: QueryDict, prefix: str, formset, before: dict, now: dict) -> list[Change]:
    what = _("Kriterium") if prefix == "criteria" else _("Stufe")
    key = "code" if prefix == "criteria" else "label"
    fields = {name: formset.form.base_fields[name] for name in FIELDS[prefix]}
    try:
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
    except ValueError:
        initial = 0
    changes, kept, new, seen = [], [], [], set()
    for i, row in enumerate(_rows(data, prefix)):
        row_id = _value(row, "id") or ""
        seen.add(row_id)
        stored = now.get(row_id)
        mine = _parsed(row, fields)
        if i < initial and stored is not None:
            result = merge(base=before.get(row_id), mine=mine, theirs=stored)
            _refresh(row, [n for n in fields if n not in result.mine], fields, stored)
            if row_id in before and result.theirs:
                changes.append(
                    Change(
                        _("%(what)s „%(name)s“: %(fields)s geändert")
                        % {"what": what, "name": stored[key], "fields": _labels(result.theirs)}
                    )
                )
            kept.append(row)
            continue
        if i < initial:
            gone = before.get(row_id, {}).get(key) or _value(row, key) or ""
            changes.append(Change(_("%(what)s „%(name)s“ gelöscht") % {"what": what, "name": gone}))
            untouched = (
                row_id in before and not merge(base=before[row_id], mine=mine, theirs=mine).mine
            )
            if _is_deleted(row) or untouched:
                continue
        new.append({**row, "id": [""], "DELETE": []})
    for pk, stored in now.items():
        if pk not in seen:
            changes.append(
                Change(_("%(what)s „%(name)s“ neu") % {"what": what, "name": stored[key]})
            )
    _write(data, prefix, kept, new)
    return changes


def as_new_version(data: QueryDict) -> QueryDict:
    """The form data of a (locked) matrix as the data of a new matrix: every row not deleted
    becomes a new row."""
    data = data.copy()
    for prefix in PREFIXES:
        rows = [
            {**row, "id": [""], "matrix": [""], "DELETE": []}
            for row in _rows(data, prefix)
            if not _is_deleted(row)
        ]
        _write(data, prefix, [], rows)
    data["original"] = ""
    return data
