"""core.formatting: every value a person reads, in German."""

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from concept.models import Actor
from core import formatting
from measures.models import Measure, MeasureStatus


def field(name):
    return Measure._meta.get_field(name)


def test_empty_values_are_a_dash():
    for function in (
        formatting.number,
        formatting.euro,
        formatting.percent,
        formatting.hours,
        formatting.points,
        formatting.signed,
        formatting.date,
        formatting.date_time,
        formatting.text,
    ):
        assert function(None) == "–", function
        assert function("") == "–", function
    assert formatting.names([]) == "–"


def test_numbers_group_thousands_with_a_point_and_cut_decimals():
    assert formatting.number(D("1234.56")) == "1.234,56"
    assert formatting.number(D("1234567.5")) == "1.234.567,5"
    assert formatting.number(D("12.50")) == "12,50"  # as many places as the value has
    assert formatting.number(D("12.5"), 2) == "12,50"
    assert formatting.number(D("2") / D("3"), 1) == "0,6"  # cut off like number_format
    assert formatting.number("6500.00") == "6.500,00"  # snapshot documents store strings
    assert formatting.number(-1234) == "-1.234"
    assert formatting.number("k. A.") == "k. A."  # no number: as it is


def test_money_percent_hours_points():
    assert formatting.euro(D("12500")) == "12.500,00 €"
    assert formatting.euro("6500.5") == "6.500,50 €"
    assert formatting.percent(40) == "40 %"
    assert formatting.percent(D("0.7"), ratio=True) == "70 %"
    assert formatting.hours(D("120.0")) == "120,0 Std./Jahr"
    assert formatting.points(D("43.25")) == "43,2"
    assert formatting.signed(D("3.5")) == "+3,5"
    assert formatting.signed(D("-2")) == "−2,0"
    assert formatting.signed(0) == "±0,0"


def test_the_output_does_not_depend_on_the_active_language():
    with translation.override("en"):
        assert formatting.euro(D("1234.5")) == "1.234,50 €"
        assert formatting.date(datetime.date(2027, 1, 2)) == "02.01.2027"


def test_dates_from_dates_datetimes_and_iso_strings():
    assert formatting.date(datetime.date(2027, 12, 31)) == "31.12.2027"
    assert formatting.date("2027-12-31") == "31.12.2027"
    late = datetime.datetime(2027, 12, 31, 23, 30, tzinfo=datetime.UTC)
    # in local time (Europe/Berlin) it is already the next year
    assert formatting.date(late) == "01.01.2028"
    assert formatting.date_time(late) == "01.01.2028, 00:30"
    berlin = datetime.datetime(2027, 3, 4, 5, 6, tzinfo=ZoneInfo("Europe/Berlin"))
    assert formatting.date_time(berlin) == "04.03.2027, 05:06"


def test_booleans_choices_and_lists():
    assert formatting.yes_no(True) == "ja" and formatting.yes_no(False) == "nein"
    assert formatting.choice(MeasureStatus, "planned") == str(MeasureStatus.PLANNED.label)
    assert formatting.choice(field("status"), "planned") == str(MeasureStatus.PLANNED.label)
    assert formatting.choice([("a", "Eins")], "a") == "Eins"
    assert formatting.choice(MeasureStatus, "unknown") == "unknown"
    assert formatting.names(["B", "A", None]) == "B, A"


def test_field_value_reads_the_field_type():
    assert formatting.field_value(field("deadline"), datetime.date(2027, 6, 30)) == "30.06.2027"
    assert formatting.field_value(field("staff_fte"), D("0.50")) == "0,50"
    assert formatting.field_value(field("budget_amount"), D("6500"), kind="euro") == "6.500,00 €"
    assert formatting.field_value(field("progress"), 40, kind="percent") == "40 %"
    assert formatting.field_value(field("staff_hours_per_year"), D("12.5"), kind="hours") == (
        "12,5 Std./Jahr"
    )
    assert formatting.field_value(field("no_extra_resources"), False) == "nein"
    assert formatting.field_value(field("status"), "planned") == str(MeasureStatus.PLANNED.label)
    assert formatting.field_value(field("title"), "") == "–"
    assert formatting.field_value(field("title"), "Sprachcafé") == "Sprachcafé"
    # foreign keys: the object by str, a key through ``lookup``
    actor = Actor(name="VHS")
    assert formatting.field_value(field("lead_actor"), actor) == "VHS"
    assert formatting.field_value(field("lead_actor"), 7, lookup={7: "Team 50"}.get) == "Team 50"
    assert formatting.field_value(field("partners"), [actor, Actor(name="Caritas")]) == (
        "VHS, Caritas"
    )
    assert formatting.field_value(field("partners"), []) == "–"


@pytest.mark.parametrize(
    ("template", "value", "expected"),
    [
        ("{{ v|de_date }}", "2027-12-31", "31.12.2027"),
        ("{{ v|euro }}", D("1234.5"), "1.234,50 €"),
        ("{{ v|de_number }}", D("1234.50"), "1.234,50"),
        ("{{ v|de_number:1 }}", D("1234.56"), "1.234,5"),
        ("{{ v|percent }}", 40, "40 %"),
        ("{{ v|share }}", D("0.25"), "25 %"),
        ("{{ v|hours }}", D("8"), "8,0 Std./Jahr"),
        ("{{ v|yes_no }}", True, "ja"),
        ("{{ v|dash }}", "", "–"),
        ("{{ v|choice:'measures.Measure.status' }}", "planned", str(MeasureStatus.PLANNED.label)),
    ],
)
def test_template_filters(template, value, expected):
    assert Template("{% load german %}" + template).render(Context({"v": value})) == expected


def test_template_filter_escapes_text_but_not_numbers():
    rendered = Template("{% load german %}{{ v|dash }}").render(Context({"v": "<b>"}))
    assert rendered == "&lt;b&gt;"
