"""Edit conflicts: keep what the user changed, refresh what they did not, show what others did.

One mechanism for every edit form of the project (measures, status reports, assessments,
matrices):

- **The original.** An edit form carries, in one hidden field (``OriginalField``, named
  ``original``), a signed snapshot of what it was rendered from: the object's version (where the
  model counts one) and the values the form showed (``original_token``). The signature keeps a
  script from passing off values of its choosing as "what the form showed"; a missing, garbled
  or forged token reads as ``UNKNOWN`` (version 0, no values).
- **The check.** A save is refused with ``EditConflict`` when the stored object has moved on
  since the original: its version differs, or (without a version) its values do. A form without
  its token is refused exactly like a stale one: version 0 never matches a stored version, and
  unknown values never match stored ones. A script that leaves the token out therefore cannot
  silently revert another person's save.
- **The merge.** ``merge`` is the one three-way merge: per field, the original value (``base``),
  the user's submitted value (``mine``) and the stored value now (``theirs``). A field the user
  changed keeps the input; a field they left alone takes the stored value; a field both changed
  (to different values) is a real conflict, listed in ``Merge.both``; the user's input stays and
  wins when they save again. Without a base every input counts as changed (nothing typed is lost).
  ``rebase_form`` applies the merge to a bound form's data and gives the form a fresh token, so
  that a deliberate second save applies exactly the user's changes on top of the others'.
- **The page.** ``Conflict`` is what ``templates/core/includes/conflict.html`` shows: who saved
  meanwhile and which fields changed, with the user's differing input where they changed a field
  too.

This module imports no app of the project; the apps adapt it to their models.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SALT = "core.conflicts.original"


class EditConflict(Exception):  # noqa: N818 – a domain outcome, not a programming error
    """Someone else saved the object after the form was opened (or the form lacked its
    original, which counts the same). ``current`` is the stored object now, ``expected_version``
    the version the form was opened with (0: unknown)."""

    subject = gettext_lazy("den Eintrag")  # German object of "jemand anderes hat … geändert"

    def __init__(self, *, current=None, expected_version: int | None = None):
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"{type(self).__name__}: {current!r} at version "
            f"{getattr(current, 'version', '?')}, form opened at {expected_version}"
        )

    @property
    def message(self) -> str:
        return _(
            "Jemand anderes hat %(subject)s gespeichert, nachdem Sie das Formular geöffnet "
            "haben. Es wurde nichts gespeichert."
        ) % {"subject": self.subject}


def check_version(obj, expected_version: int | None, conflict=EditConflict) -> None:
    """Refuse (``conflict``) unless ``obj.version`` is ``expected_version``; ``None`` means an
    internal caller that asks for no check (imports, the admin), 0 a form without its token."""
    if expected_version is not None and obj.version != expected_version:
        raise conflict(current=obj, expected_version=expected_version)


# --- The original: a signed, typed snapshot in a hidden field ---------------------------------


@dataclass(frozen=True)
class Original:
    """What a form was rendered from: the object's version (0: unknown) and values (None:
    unknown)."""

    version: int = 0
    values: dict | None = None

    @property
    def known(self) -> bool:
        return self.values is not None


UNKNOWN = Original()


def _plain(value):
    """``value`` as JSON that ``_typed`` turns back into the same Python value."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    return value


def _typed(obj: dict):
    if obj.keys() == {"$decimal"}:
        return Decimal(obj["$decimal"])
    if obj.keys() == {"$datetime"}:
        return datetime.datetime.fromisoformat(obj["$datetime"])
    if obj.keys() == {"$date"}:
        return datetime.date.fromisoformat(obj["$date"])
    return obj


class _TypedJSONSerializer:
    """``signing``'s serializer, with Decimals and dates kept (``_plain``/``_typed``)."""

    def dumps(self, obj) -> bytes:
        return json.dumps(_plain(obj), separators=(",", ":"), sort_keys=True).encode("latin-1")

    def loads(self, data: bytes):
        return json.loads(data.decode("latin-1"), object_hook=_typed)


def original_token(values: Mapping, *, version: int | None = None) -> str:
    """The signed snapshot for the form's hidden ``original`` field."""
    return signing.dumps(
        {"version": version, "values": values},
        salt=SALT,
        serializer=_TypedJSONSerializer,
        compress=True,
    )


def read_original(token: str | None) -> Original:
    """The snapshot back; ``UNKNOWN`` if it is missing, garbled or not signed by us."""
    if not token:
        return UNKNOWN
    try:
        payload = signing.loads(token, salt=SALT, serializer=_TypedJSONSerializer)
    except (signing.BadSignature, ValueError, TypeError):
        return UNKNOWN
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), dict):
        return UNKNOWN
    version = payload.get("version")
    return Original(version=version if isinstance(version, int) else 0, values=payload["values"])


class OriginalField(forms.CharField):
    """The hidden ``original`` of an edit form; cleans to an ``Original`` and never fails (a
    missing or broken one is ``UNKNOWN``, which the save refuses like a stale form)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def clean(self, value) -> Original:
        return read_original(value)

    def has_changed(self, initial, data) -> bool:
        return False


# --- The merge --------------------------------------------------------------------------------


def normalise(value):
    """A comparable form of a value from the database, a form or a snapshot: empty strings are
    None, text is stripped with Unix line ends, numbers are Decimals, model objects their pk,
    lists (many-to-many) sorted tuples (an empty one None)."""
    if value is None:
        return None
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return tuple(sorted((normalise(v) for v in value), key=str)) or None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value.normalize() if value.is_finite() else value
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").strip()
        return text or None
    return value


@dataclass
class Merge:
    """The result of ``merge``: the values to show again and who changed which field."""

    values: dict
    mine: list[str] = field(default_factory=list)  # changed by the user
    theirs: list[str] = field(default_factory=list)  # changed by others since the original
    both: list[str] = field(default_factory=list)  # changed by both, differently: the conflicts


def merge(*, base: Mapping | None, mine: Mapping, theirs: Mapping) -> Merge:
    """Three-way merge of the fields in ``mine`` (the user's submitted values) against ``base``
    (what the form showed; None if unknown) and ``theirs`` (stored now). See the module
    docstring for the rules."""
    result = Merge(values={})
    for name, submitted in mine.items():
        stored = theirs.get(name)
        m, t = normalise(submitted), normalise(stored)
        if base is None or name not in base:
            user_changed, others_changed = True, t != m
        else:
            b = normalise(base[name])
            user_changed, others_changed = m != b, t != b
        result.values[name] = submitted if user_changed else stored
        if user_changed:
            result.mine.append(name)
        if others_changed:
            result.theirs.append(name)
        if user_changed and others_changed and m != t:
            result.both.append(name)
    return result


# --- Forms ------------------------------------------------------------------------------------


def submitted_value(form: forms.BaseForm, name: str):
    """The Python value the user submitted for ``name``: the cleaned one if there is one,
    otherwise the input as the field reads it (the raw input if it does not parse)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    if name in cleaned:
        return cleaned[name]
    form_field = form.fields[name]
    raw = form_field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    if isinstance(form_field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        return raw  # pks as text; normalise compares them with the stored pks
    try:
        return form_field.to_python(raw)
    except ValidationError:
        return raw


def widget_values(form_field: forms.Field, value) -> list[str]:
    """The POST values that make ``form_field`` show the stored ``value``."""
    if isinstance(form_field.widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return [str(normalise(v)) for v in value]
    if value is None:
        return [""]
    if isinstance(value, Model):
        return [str(value.pk)]
    if isinstance(form_field.widget, forms.Select):
        return [str(value)]
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return [formats.localize_input(value) if form_field.localize else str(value)]
    # as the widget shows it (dates TT.MM.JJJJ)
    return [str(form_field.widget.format_value(value) or "")]


def set_widget_value(data, form_field: forms.Field, key: str, value) -> None:
    """Put the stored ``value`` into the (mutable) form ``data`` under ``key``."""
    values = widget_values(form_field, value)
    if values:
        data.setlist(key, values)
    else:
        data.pop(key, None)


def rebase_form(
    form: forms.BaseForm,
    *,
    base: Mapping | None,
    current: Mapping,
    token: str,
    names: Iterable[str] | None = None,
) -> Merge:
    """Merge the user's input in the bound ``form`` with ``current`` (``merge``): fields the
    user left alone show the stored values, the others keep the input; the hidden ``original``
    becomes ``token`` (the current original). Returns the merge."""
    names = list(current if names is None else names)
    result = merge(
        base=base, mine={name: submitted_value(form, name) for name in names}, theirs=current
    )
    data = form.data.copy()
    for name in names:
        if name not in result.mine:
            set_widget_value(data, form.fields[name], form.add_prefix(name), current[name])
    data[form.add_prefix("original")] = token
    form.data = data
    return result


# --- The page ---------------------------------------------------------------------------------


@dataclass
class Save:
    """One save by someone else since the form was opened."""

    user: object | None
    when: datetime.datetime
    note: str = ""


@dataclass
class Change:
    """A field someone else changed: its label, the value before (if known) and now; ``yours``
    is the user's differing input if they changed the field too (it stays in the form).
    Without ``theirs`` the label says it all (e.g. "Kriterium „K6“ gelöscht")."""

    label: str
    theirs: str | None = None
    before: str | None = None
    yours: str | None = None
    in_form: bool = True


@dataclass
class Conflict:
    """What ``templates/core/includes/conflict.html`` shows after a refused save."""

    subject: str  # "die Maßnahme", "diese Bewertung" …
    saves: list[Save] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    hint: str = ""  # one more sentence for this kind of form
    last_save_only: bool = False  # ``saves`` holds only the newest save (all that is known)


def shown(value, form_field: forms.Field | None = None) -> str:
    """A value as a German reader expects it in a conflict note ("leer" when empty)."""
    if normalise(value) is None:
        return _("leer")
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return ", ".join(shown(v, form_field) for v in value)
    choices = getattr(form_field, "choices", None) if form_field is not None else None
    if choices is not None and not isinstance(value, Model):
        labels = {str(k): str(v) for k, v in _flat(choices)}
        return labels.get(str(value), str(value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "d.m.Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, Decimal | float | int):
        try:
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def _flat(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
