"""German formatting of values: the one place that turns a value into text for a person.

Used by the history pages, the edition diff, the PDFs and the templates (through the template
tag library ``german``). German-only on purpose: the product speaks German, so the output
does not depend on the active language (a PDF rendered by a worker looks like the page).

- empty (``None`` or ``""``) → "–"
- dates → "31.12.2027" (also from ISO strings, as snapshot documents store them)
- numbers → "1.234,56" (places cut off like Django's ``number_format``, not rounded)
- money → "1.234,56 €", percentages → "40 %", hours → "120,0 Std./Jahr"
- booleans → "ja"/"nein", choices → their label, objects → ``str(obj)``, lists → "A, B"

``field_value(model_field, value)`` picks the right one from a model field's type and
metadata, with an optional ``kind`` ("euro", "percent", "hours") where the type alone does
not say it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import numberformat, timezone
from django.utils.translation import gettext as _

DASH = "–"
EURO, PERCENT, HOURS = "euro", "percent", "hours"


def is_empty(value) -> bool:
    return value is None or value == ""


def _decimal(value) -> Decimal | float | int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal | float | int):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def number(value, places: int | None = None) -> str:
    """ "1.234,56": thousands grouped by ".", decimals after ","; ``places`` decimals (cut
    off, as Django's ``number_format`` does), or as many as the value has. Text that is no
    number comes back unchanged."""
    if is_empty(value):
        return DASH
    parsed = _decimal(value)
    if parsed is None:
        return str(value)
    return str(
        numberformat.format(parsed, ",", places, grouping=3, thousand_sep=".", force_grouping=True)
    )


def euro(value, places: int = 2) -> str:
    """ "1.234,56 €"."""
    return DASH if is_empty(value) else f"{number(value, places)} €"


def percent(value, places: int = 0, *, ratio: bool = False) -> str:
    """ "40 %" of a value in percent, or with ``ratio`` of a share (0.4 → "40 %")."""
    if is_empty(value):
        return DASH
    if ratio:
        value = _decimal(value) * 100
    return f"{number(value, places)} %"


def _trimmed(value) -> str:
    """A number with as many decimals as it needs: 12 → "12", 2.50 → "2,5"."""
    parsed = _decimal(value)
    if isinstance(parsed, Decimal):
        parsed = parsed.normalize() if parsed == parsed.to_integral() else parsed
        if parsed == parsed.to_integral():
            return number(parsed, 0)
        return number(format(parsed.normalize(), "f"))
    return number(parsed)


def measured(value, kind: str = "", unit: str = "") -> str:
    """An indicator value as its kind wants it: counts whole ("12 Personen"), shares in percent
    ("12,5 %"), money in euro ("1.234,00 €"), other numbers with the decimals they have; the
    unit follows counts and numbers. ``kind`` is one of count, percent, money, decimal."""
    if is_empty(value):
        return DASH
    if kind == "money":
        return euro(value)
    if kind == "percent":
        return f"{_trimmed(value)} %"
    shown = _trimmed(value)
    return f"{shown} {unit}".strip() if unit and unit not in {"%", "€"} else shown


def hours(value, places: int = 1) -> str:
    """Staff hours per year: "120,0 Std./Jahr"."""
    return DASH if is_empty(value) else _("%s Std./Jahr") % number(value, places)


def points(value) -> str:
    """Evaluation points (0–100) with one decimal: "43,3"."""
    return number(value, 1)


def signed(value, places: int = 1) -> str:
    """A change with its sign: "+3,5", "−2,0", "±0,0"."""
    if is_empty(value):
        return DASH
    parsed = _decimal(value)
    sign = "+" if parsed > 0 else "−" if parsed < 0 else "±"
    return sign + number(abs(parsed), places)


def date(value) -> str:
    """ "31.12.2027" of a date, a datetime (in local time) or an ISO string."""
    if is_empty(value):
        return DASH
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def date_time(value) -> str:
    """ "31.12.2027, 14:05" in local time."""
    if is_empty(value):
        return DASH
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y, %H:%M")


def yes_no(value) -> str:
    return _("ja") if value else _("nein")


def choice(choices, value) -> str:
    """The label of ``value`` among ``choices`` (a TextChoices class, a model field or
    pairs); an unknown value as it is."""
    if is_empty(value):
        return DASH
    if isinstance(choices, models.Field):
        pairs = choices.flatchoices
    elif isinstance(choices, type) and issubclass(choices, models.Choices):
        pairs = choices.choices
    else:
        pairs = choices
    return str(dict(pairs).get(value, value))


def names(values: Iterable) -> str:
    """ "A, B" of objects or names; "–" for none."""
    texts = [str(v) for v in values if not is_empty(v)]
    return ", ".join(texts) if texts else DASH


def text(value) -> str:
    return DASH if is_empty(value) else str(value)


def field_value(model_field: models.Field, value, *, kind: str | None = None, lookup=None) -> str:
    """``value`` of ``model_field`` as a person reads it.

    ``kind`` says what the type does not ("euro", "percent", "hours"). A foreign key's value
    may be the object itself (shown by ``str``) or its key, then ``lookup(pk)`` names it.
    A many-to-many value is a list of objects or names.
    """
    if model_field.many_to_many:
        return names(value or [])
    if is_empty(value):
        return DASH
    if model_field.is_relation:
        if isinstance(value, models.Model) or lookup is None:
            return str(value)
        return lookup(value)
    if model_field.choices:
        return choice(model_field, value)
    if kind == EURO:
        return euro(value, getattr(model_field, "decimal_places", None) or 2)
    if kind == PERCENT:
        return percent(value)
    if kind == HOURS:
        return hours(value, getattr(model_field, "decimal_places", None) or 1)
    if isinstance(model_field, models.BooleanField) or isinstance(value, bool):
        return yes_no(value)
    if isinstance(model_field, models.DateTimeField):
        return date_time(value)
    if isinstance(model_field, models.DateField):
        return date(value)
    if isinstance(model_field, models.DecimalField | models.FloatField | models.IntegerField):
        return number(value)
    return str(value)
