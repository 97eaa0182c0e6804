"""German value filters for every template: ``{% load german %}``.

Thin wrappers of ``core.formatting``; each gives "–" for an empty value. Numbers keep being
safe strings (digits, sign and separators only), so they are not escaped again; the results
pages show thousands of them, so those texts are cached per value.

    {{ m.deadline|de_date }}            31.12.2027 (also of an ISO string)
    {{ amount|euro }}                   1.234,56 €
    {{ value|de_number }} / de_number:1 1.234,56 / 1.234,5
    {{ share|share }}                   70 %   (of 0.7)
    {{ progress|percent }}              40 %   (of 40)
    {{ x|points }} {{ x|signed }}       43,3   +3,5
    {{ flag|yes_no }}                   ja / nein
    {{ m.status|choice:"measures.Measure.status" }}   the label of a model field's choice
    {{ name|dash }}                     the text, or "–"
"""

from functools import lru_cache

from django import template
from django.apps import apps
from django.utils.safestring import mark_safe

from .. import formatting

register = template.Library()


@lru_cache(maxsize=4096, typed=True)
def _safe(function, value, *args):
    return mark_safe(function(value, *args))  # noqa: S308 – digits, sign and separators


def _cached(function, value, *args):
    if formatting.is_empty(value):
        return formatting.DASH
    try:
        return _safe(function, value, *args)
    except TypeError:  # unhashable
        return mark_safe(function(value, *args))  # noqa: S308


@register.filter
def de_number(value, places=None):
    if places is None:  # as many places as the value has: 1.00 and 1 differ, no cache
        return mark_safe(formatting.number(value))  # noqa: S308
    return _cached(formatting.number, value, int(places))


@register.filter
def euro(value):
    return _cached(formatting.euro, value)


@register.filter
def points(value):
    """0–100 points with one decimal: "43,3"."""
    return _cached(formatting.points, value)


@register.filter
def signed(value):
    """A change with its sign: "+3,5", "−2,0", "±0,0"."""
    return _cached(formatting.signed, value)


@register.filter
def share(value):
    """A share in percent, cut to whole numbers: 0.7 → "70 %"."""
    return _cached(_share, value)


def _share(value):
    return formatting.percent(value, ratio=True)


@register.filter
def percent(value):
    """A value already in percent: 40 → "40 %"."""
    return _cached(formatting.percent, value)


@register.filter
def measured(value, owner):
    """``{{ value|measured:measure }}``: an indicator value shown by the kind and unit of
    ``owner`` (anything with ``indicator_kind`` and ``indicator_unit``)."""
    # not marked safe: the unit is typed text (autoescaped like any other)
    return formatting.measured(
        value, getattr(owner, "indicator_kind", ""), getattr(owner, "indicator_unit", "")
    )


@register.filter
def hours(value):
    return formatting.hours(value)


@register.filter
def de_date(value):
    return formatting.date(value)


@register.filter
def de_datetime(value):
    return formatting.date_time(value)


@register.filter
def yes_no(value):
    return formatting.yes_no(value)


@register.filter
def dash(value):
    return formatting.text(value)


@lru_cache(maxsize=256)
def _model_field(path: str):
    app_label, model_name, field_name = path.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


@register.filter
def choice(value, field_path: str):
    """The label of ``value`` among the choices of the model field "app.Model.field"."""
    return formatting.choice(_model_field(field_path), value)
