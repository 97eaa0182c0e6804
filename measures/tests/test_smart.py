"""smart_check: each letter present and missing, and the database filter agrees."""

import pytest

from measures.models import Measure
from measures.smart import LETTERS

from .factories import MeasureFactory

# letter -> field changes that make it fail, and the message that must say why
MISSING = {
    "S": [({"description": ""}, "Beschreibung"), ({"target_group": ""}, "Zielgruppe")],
    "M": [
        ({"indicator": ""}, "Indikator"),
        ({"indicator_unit": ""}, "Einheit"),
        ({"indicator_baseline": None}, "Ausgangswert"),
        ({"indicator_target": None}, "Zielwert"),
    ],
    "A": [({"lead_actor": None}, "federführender Akteur")],
    "R": [
        ({"staff_hours_per_year": None, "staff_fte": None}, "personellen Ressourcen"),
        ({"budget_amount": None}, "finanziellen Ressourcen"),
    ],
    "T": [({"deadline": None}, "Frist")],
}
CASES = [(letter, changes, text) for letter, items in MISSING.items() for changes, text in items]


@pytest.mark.django_db
def test_complete_measure_is_smart_in_python_and_in_the_database():
    measure = MeasureFactory()
    result = measure.smart_check()
    assert result.is_smart
    assert result.satisfied == list(LETTERS)
    assert list(Measure.objects.smart()) == [measure]
    assert not Measure.objects.not_smart().exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("letter", "changes", "text"), CASES)
def test_missing_letter_is_reported_with_a_german_reason(letter, changes, text):
    measure = MeasureFactory(**changes)
    result = measure.smart_check()
    assert not result.is_smart
    assert result.missing_letters == letter
    assert any(text in reason for reason in result.missing[letter])
    assert list(Measure.objects.not_smart()) == [measure]
    assert not Measure.objects.smart().exists()


@pytest.mark.django_db
def test_no_extra_resources_flag_satisfies_r():
    measure = MeasureFactory(staff_hours_per_year=None, budget_amount=None, no_extra_resources=True)
    assert "R" not in measure.smart_check().missing
    assert Measure.objects.smart().filter(pk=measure.pk).exists()


@pytest.mark.django_db
def test_fte_instead_of_hours_and_a_zero_budget_count_as_stated_resources():
    measure = MeasureFactory(staff_hours_per_year=None, staff_fte="0.25", budget_amount=0)
    assert measure.smart_check().is_smart
    assert Measure.objects.smart().filter(pk=measure.pk).exists()


@pytest.mark.django_db
def test_whitespace_only_text_does_not_count_in_python():
    measure = MeasureFactory(target_group="   ")
    assert "S" in measure.smart_check().missing


def test_database_filter_agrees_with_smart_check_on_the_demo_data(demo_data):
    in_db = set(Measure.objects.not_smart().values_list("pk", flat=True))
    in_python = {m.pk for m in Measure.objects.all() if not m.smart_check().is_smart}
    assert in_db == in_python
    assert len(in_db) >= 3


@pytest.mark.django_db
def test_the_stored_smart_flag_follows_every_save():
    measure = MeasureFactory()
    assert Measure.objects.smart().filter(pk=measure.pk).exists()
    measure.deadline = None
    measure.save()
    assert Measure.objects.not_smart().filter(pk=measure.pk).exists()
    Measure.objects.filter(pk=measure.pk).update(deadline="2030-12-31")
    assert Measure.objects.filter(pk=measure.pk, is_smart_stored=True).exists()
