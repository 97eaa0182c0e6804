"""The one conflict mechanism (core/conflicts.py): the merge rules, the signed original, the
version check and the form data shown again after a refused save."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core import signing
from django.http import QueryDict

from concept.tests.factories import ActorFactory
from core.conflicts import (
    UNKNOWN,
    EditConflict,
    Original,
    OriginalField,
    check_version,
    merge,
    normalise,
    original_token,
    read_original,
    rebase_form,
    shown,
)


def test_the_users_change_stays_untouched_fields_take_the_stored_value():
    result = merge(
        base={"title": "Alt", "status": "planned", "notes": ""},
        mine={"title": "Mein Titel", "status": "planned", "notes": ""},
        theirs={"title": "Alt", "status": "in_progress", "notes": ""},
    )
    assert result.values == {"title": "Mein Titel", "status": "in_progress", "notes": ""}
    assert result.mine == ["title"]
    assert result.theirs == ["status"]
    assert result.both == []


def test_a_field_both_changed_differently_is_a_conflict_and_keeps_the_input():
    result = merge(base={"title": "Alt"}, mine={"title": "Meins"}, theirs={"title": "Deins"})
    assert result.values == {"title": "Meins"}
    assert result.both == ["title"]


def test_both_changing_a_field_to_the_same_value_is_no_conflict():
    result = merge(base={"title": "Alt"}, mine={"title": "Neu"}, theirs={"title": "Neu"})
    assert (result.mine, result.theirs, result.both) == (["title"], ["title"], [])


def test_without_a_base_every_input_is_kept_and_every_difference_is_a_conflict():
    result = merge(
        base=None,
        mine={"title": "Meins", "status": "planned"},
        theirs={"title": "Deins", "status": "planned"},
    )
    assert result.values == {"title": "Meins", "status": "planned"}
    assert result.mine == ["title", "status"]
    assert result.theirs == result.both == ["title"]


def test_a_field_missing_in_the_base_counts_as_changed_by_the_user():
    result = merge(base={}, mine={"title": "Meins"}, theirs={"title": "Deins"})
    assert result.values == {"title": "Meins"}


@pytest.mark.parametrize(
    ("shown_value", "submitted"),
    [
        (None, ""),
        ("", None),
        ("Text", "  Text \r\n"),
        ("Zeile 1\nZeile 2", "Zeile 1\r\nZeile 2"),
        (Decimal("30"), Decimal("30.00")),
        (30, Decimal("30.0")),
        (Decimal("12500"), 12500.0),
        (datetime.date(2027, 12, 31), datetime.date(2027, 12, 31)),
        ([3, 1], (1, 3)),
        ([], None),
        (False, False),
    ],
)
def test_equal_values_in_different_clothes_are_not_a_change(shown_value, submitted):
    result = merge(base={"f": shown_value}, mine={"f": submitted}, theirs={"f": shown_value})
    assert result.mine == []
    assert result.values["f"] == shown_value  # the stored value, as it is


@pytest.mark.parametrize(
    ("shown_value", "submitted"),
    [
        (None, "x"),
        (Decimal("30"), Decimal("30.5")),
        (datetime.date(2027, 12, 31), datetime.date(2028, 1, 1)),
        ([1, 3], [1]),
        ([1], [1, 2]),
        (False, True),
        ("0", None),
    ],
)
def test_a_real_difference_is_a_change(shown_value, submitted):
    result = merge(base={"f": shown_value}, mine={"f": submitted}, theirs={"f": shown_value})
    assert result.mine == ["f"]
    assert result.values["f"] == submitted


@pytest.mark.django_db
def test_partners_added_by_another_person_are_kept_when_the_user_changed_something_else():
    a, b, c = ActorFactory.create_batch(3)
    result = merge(
        base={"title": "Alt", "partners": [a.pk, b.pk]},
        mine={"title": "Neu", "partners": type(a).objects.filter(pk__in=[b.pk, a.pk])},
        theirs={"title": "Alt", "partners": [a.pk, b.pk, c.pk]},
    )
    assert result.mine == ["title"]
    assert result.theirs == ["partners"]
    assert result.values["partners"] == [a.pk, b.pk, c.pk]
    assert normalise([a, b]) == normalise([b.pk, a.pk])


def test_the_original_comes_back_with_its_types():
    values = {
        "budget": Decimal("12500.50"),
        "deadline": datetime.date(2027, 12, 31),
        "at": datetime.datetime(2026, 5, 1, 12, 30, tzinfo=datetime.UTC),
        "partners": [3, 1],
        "goal": None,
        "title": "Lesepaten „Lesen“",
        "rows": {"7": {"weight": Decimal("30.00"), "no_score": False}},
    }
    original = read_original(original_token(values, version=4))
    assert original == Original(version=4, values=values)
    assert isinstance(original.values["budget"], Decimal)
    assert read_original(original_token(values)).version == 0  # no version: never matches


@pytest.mark.parametrize("token", [None, "", "kaputt", '{"version": 1, "values": {}}'])
def test_a_missing_or_garbled_original_is_unknown(token):
    assert read_original(token) == UNKNOWN
    assert not read_original(token).known


def test_an_original_not_signed_by_us_is_unknown():
    forged = signing.dumps({"version": 9, "values": {"title": "x"}}, salt="anderes")
    assert read_original(forged) == UNKNOWN
    token = original_token({"title": "x"}, version=9)
    assert read_original(token[:-2] + "xx") == UNKNOWN


def test_the_original_field_never_fails_and_cleans_to_an_original():
    field = OriginalField()
    assert field.clean("") == UNKNOWN
    assert field.clean(original_token({"a": 1}, version=2)) == Original(2, {"a": 1})
    assert isinstance(field.widget, forms.HiddenInput)


def test_a_form_without_its_version_is_refused_like_a_stale_one():
    class Thing:
        version = 3

    check_version(Thing(), 3)
    check_version(Thing(), None)  # internal callers (imports, admin) ask for no check
    for expected in (0, 2, 4):
        with pytest.raises(EditConflict) as refused:
            check_version(Thing(), expected)
        assert refused.value.expected_version == expected
        assert refused.value.current.version == 3
    assert "nichts gespeichert" in refused.value.message


class _Form(forms.Form):
    title = forms.CharField(required=False)
    amount = forms.DecimalField(required=False, localize=True, decimal_places=2)
    deadline = forms.DateField(
        required=False, widget=forms.DateInput(format="%d.%m.%Y"), input_formats=["%d.%m.%Y"]
    )
    done = forms.BooleanField(required=False)
    partners = forms.MultipleChoiceField(
        required=False, choices=[("1", "A"), ("2", "B"), ("3", "C")]
    )
    status = forms.ChoiceField(choices=[("planned", "geplant"), ("delayed", "verzögert")])
    original = OriginalField()


def _bound(**data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    form = _Form(query)
    assert form.is_valid(), form.errors
    return form


BASE = {
    "title": "Alt",
    "amount": Decimal("12500"),
    "deadline": datetime.date(2027, 12, 31),
    "done": True,
    "partners": ["1"],
    "status": "planned",
}


def test_the_form_shown_again_keeps_the_input_and_shows_the_rest_as_stored_now():
    form = _bound(
        title="Mein Titel",
        amount="12.500,00",
        deadline="31.12.2027",
        done="on",
        partners=["1"],
        status="planned",
    )
    current = {
        "title": "Alt",
        "amount": Decimal("1234.5"),
        "deadline": datetime.date(2028, 6, 30),
        "done": False,
        "partners": ["1", "3"],
        "status": "delayed",
    }
    result = rebase_form(form, base=BASE, current=current, token="neu", names=list(BASE))
    assert result.mine == ["title"]
    data = form.data
    assert data["title"] == "Mein Titel"
    assert data["amount"] == "1.234,5"
    assert data["deadline"] == "30.06.2028"
    assert "done" not in data  # an unticked checkbox sends nothing
    assert data.getlist("partners") == ["1", "3"]
    assert data["status"] == "delayed"
    assert data["original"] == "neu"
    assert form["amount"].value() == "1.234,5"  # the bound form shows the merged data


def test_shown_values_read_as_german():
    assert shown(None) == shown("") == shown([]) == "leer"
    assert shown(datetime.date(2027, 12, 31)) == "31.12.2027"
    assert shown(True) == "ja"
    assert shown("delayed", _Form().fields["status"]) == "verzögert"
    assert shown(["1", "3"], _Form().fields["partners"]) == "A, C"
