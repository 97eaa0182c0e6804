"""Editing a matrix without losing input: the state a form was opened on, and its data again.

The matrix form carries a snapshot (``original``) of the matrix, its criteria and its levels as
they were when the form was opened. A save is refused when the matrix looks different now
(someone else saved it meanwhile, see ``services.matrix_update``). The form is then shown
again like a stale assessment form (``conflicts.py``): fields the user changed keep the input,
fields they left alone show the stored values now, and the snapshot is the current one, so
saving again applies the user's changes on top. Rows the other person deleted become new rows
if the user filled them in; rows they added stay as they are.

When a cycle has locked the matrix meanwhile, the same input can be saved as a new version
of the matrix (``as_new_version``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain

from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    """Everything the matrix form edits, as plain JSON values (2 queries)."""
    criteria = Criterion.objects.filter(matrix=matrix).order_by("pk")
    levels = ScaleLevel.objects.filter(matrix=matrix).order_by("pk")
    return {
        "matrix": {"name": matrix.name, "description": matrix.description},
        "criteria": {
            str(row["pk"]): {k: _plain(row[k]) for k in FIELDS["criteria"]}
            for row in criteria.values("pk", *FIELDS["criteria"])
        },
        "levels": {
            str(row["pk"]): {k: _plain(row[k]) for k in FIELDS["levels"]}
            for row in levels.values("pk", *FIELDS["levels"])
        },
    }


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def encode(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def decode(text: str) -> dict | None:
    try:
        state = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(state, dict) or not all(
        isinstance(state.get(key), dict) for key in ("matrix", *PREFIXES)
    ):
        return None
    return state


def is_stale(posted: str, matrix: EvaluationMatrix) -> bool:
    """Whether the form's snapshot differs from the matrix now (a missing one never does)."""
    original = decode(posted)
    return original is not None and original != snapshot(matrix)


def _normalise(name: str, value):
    """Comparable form of a value from the database, the snapshot or the POST data."""
    if name == "no_score":
        return bool(value) and value not in ("False", "false", "0", "off")
    if name in ("weight", "score", "order"):
        text = str(value if value is not None else "").strip()
        if name == "weight" and "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            return Decimal(text).normalize()
        except InvalidOperation:
            return text
    return str(value or "").replace("\r\n", "\n").strip()


def _widget(name: str, value) -> list[str]:
    """POST values that show a stored value in the form."""
    if name == "no_score":
        return ["on"] if value else []
    if name == "weight":
        return [formats.localize_input(Decimal(str(value)))]
    return ["" if value is None else str(value)]


@dataclass
class LastSave:
    user: object | None
    date: object


def last_save(matrix: EvaluationMatrix) -> LastSave | None:
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
    return LastSave(user=record.history_user, date=record.history_date)


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


def _changed(original: dict, now: dict, names) -> list[str]:
    return [
        str(LABELS[n]) for n in names if _normalise(n, original.get(n)) != _normalise(n, now.get(n))
    ]


def rebase(data: QueryDict, matrix: EvaluationMatrix) -> tuple[QueryDict, list[str]]:
    """The form data to show again after a conflict, and what the others changed.

    Fields the user left alone take the stored values; rows whose object is gone become new
    rows (unless the user deleted them too or left them alone); the snapshot is the current one.
    """
    data = data.copy()
    original = decode(data.get("original", "")) or {"matrix": {}, "criteria": {}, "levels": {}}
    now = snapshot(matrix)
    changes = []
    names = FIELDS["matrix"]
    theirs = _changed(original["matrix"], now["matrix"], names)
    if theirs:
        changes.append(_("Matrix: %(fields)s geändert") % {"fields": ", ".join(theirs)})
    for name in names:
        if _normalise(name, data.get(name)) == _normalise(name, original["matrix"].get(name)):
            data.setlist(name, _widget(name, now["matrix"][name]))
    for prefix in PREFIXES:
        what = _("Kriterium") if prefix == "criteria" else _("Stufe")
        key = "code" if prefix == "criteria" else "label"
        try:
            initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        except ValueError:
            initial = 0
        kept, new = [], []
        for i, row in enumerate(_rows(data, prefix)):
            row_id = _value(row, "id") or ""
            before = original[prefix].get(row_id)
            stored = now[prefix].get(row_id)
            if i < initial and stored is not None:
                for name in FIELDS[prefix]:
                    if before is not None and _normalise(name, _value(row, name)) == _normalise(
                        name, before.get(name)
                    ):
                        row[name] = _widget(name, stored[name])
                if before is not None and (fields := _changed(before, stored, FIELDS[prefix])):
                    changes.append(
                        _("%(what)s „%(name)s“: %(fields)s geändert")
                        % {"what": what, "name": stored[key], "fields": ", ".join(fields)}
                    )
                kept.append(row)
                continue
            if i < initial:
                gone = (before or {}).get(key) or _value(row, key) or ""
                changes.append(_("%(what)s „%(name)s“ gelöscht") % {"what": what, "name": gone})
                untouched = before is not None and not _changed(
                    before, {n: _value(row, n) for n in FIELDS[prefix]}, FIELDS[prefix]
                )
                if _is_deleted(row) or untouched:
                    continue
            new.append({**row, "id": [""], "DELETE": []})
        for pk, stored in now[prefix].items():
            if pk not in original[prefix]:
                changes.append(_("%(what)s „%(name)s“ neu") % {"what": what, "name": stored[key]})
        _write(data, prefix, kept, new)
    data["original"] = encode(now)
    return data, changes


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
