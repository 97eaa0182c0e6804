"""Number filters of the results pages.

A results page shows several numbers for each of up to thousands of measures, but only a few
hundred distinct values (points have one decimal between 0 and 100). The localised text of a
value is therefore cached per language; like Django's ``floatformat`` the filters return safe
strings (digits, sign and the separators of the format module), so they are not escaped again.
"""

from functools import lru_cache

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096, typed=True)
def _localised(value, decimal_pos: int, language: str | None):
    # ``language`` is only part of the key: number_format uses the active language itself.
    # Equal values (1 == 1.0) give the same text at a fixed number of decimal places.
    return mark_safe(number_format(value, decimal_pos))  # noqa: S308 – digits and separators


@register.filter
def points(value):
    """0–100 points with one decimal in German format, "–" for none."""
    if value is None or value == "":
        return "–"
    return _localised(value, 1, get_language())


@register.filter
def signed(value):
    """A change with its sign: "+3,5", "−2,0", "±0,0"; "–" for none."""
    if value is None or value == "":
        return "–"
    text = _localised(abs(value), 1, get_language())
    if value > 0:
        return mark_safe(f"+{text}")  # noqa: S308 – a sign and a localised number
    if value < 0:
        return mark_safe(f"−{text}")  # noqa: S308
    return mark_safe(f"±{text}")  # noqa: S308


@register.filter
def percent(value):
    if value is None:
        return "–"
    return mark_safe(f"{_localised(value * 100, 0, get_language())} %")  # noqa: S308
