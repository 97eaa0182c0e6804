from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def points(value):
    """0–100 points with one decimal in German format, "–" for none."""
    if value is None or value == "":
        return "–"
    return number_format(value, 1)


@register.filter
def signed(value):
    """A change with its sign: "+3,5", "−2,0", "±0,0"; "–" for none."""
    if value is None or value == "":
        return "–"
    text = number_format(abs(value), 1)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return f"±{text}"


@register.filter
def percent(value):
    if value is None:
        return "–"
    return f"{number_format(value * 100, 0)} %"
