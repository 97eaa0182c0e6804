"""Cell values of the measure world: status, progress, lists of names."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from concept.naming import normalise
from core.tabular import parse_decimal

from ..models import MeasureStatus
from .base import text


def _statuses() -> dict[str, str]:
    found = {}
    for status in MeasureStatus:
        found[normalise(status.label)] = status.value
        found[normalise(status.value)] = status.value
    return found


def valid_statuses() -> str:
    return ", ".join(f"„{s.label}“" for s in MeasureStatus)


def parse_status(value) -> str:
    status = _statuses().get(normalise(text(value)))
    if status is None:
        raise ValueError(_("Diesen Status gibt es nicht. Gültig: %s.") % valid_statuses())
    return status


def parse_progress(value) -> int:
    """``40``, ``40 %``, ``40,0`` or an Excel percent cell (holding 0.4, showing 40 %) → 40.

    A percent cell arrives as ``core.tabular.Percent`` (what the cell shows), so 100 % is 100,
    not 1; a plain 0.4 is no whole percent and refused rather than guessed."""
    raw = value if isinstance(value, Decimal) else text(value).replace("%", "").strip()
    try:
        number = parse_decimal(raw)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
        raise ValueError(_("Der Fortschritt ist eine ganze Zahl von 0 bis 100 (Prozent)."))
    return int(number)


def parse_indicator(value) -> Decimal | None:
    return parse_decimal(value)


def measure_number(value) -> tuple[str, str]:
    """The measure number of a cell and a note if it had to be read back: German Excel turns
    a typed "3.10" into the date 3 October; the day and month give the number again."""
    import datetime

    if isinstance(value, datetime.datetime | datetime.date):
        number = f"{value.day}.{value.month}"
        return number, _("Nummer stand als Datum in der Datei; gelesen als %s") % number
    return text(value), ""


_STRONG = re.compile(r"\s*(?:;|\r?\n)\s*")


def split_names(value, index) -> list[str]:
    """Partner names separated by ``;``, line breaks or ``,``. A comma splits only where the
    whole does not name an actor ("Stadt Musterhausen, FB 50" stays one name if it is one)."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        return []
    names = []
    for part in _STRONG.split(raw):
        part = " ".join(part.split())
        if not part:
            continue
        if "," in part and index.resolve(part) is None:
            names.extend(p.strip() for p in part.split(",") if p.strip())
        else:
            names.append(part)
    seen, unique = set(), []
    for name in names:
        if normalise(name) not in seen:
            seen.add(normalise(name))
            unique.append(name)
    return unique
