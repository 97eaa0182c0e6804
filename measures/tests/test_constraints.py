"""Database constraints reject bad values; model validation says why in German."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from concept.tests.factories import GoalFactory, action_field

from .factories import MeasureFactory, StatusUpdateFactory

BAD_VALUES = [
    (
        {"start_date": datetime.date(2026, 6, 1), "deadline": datetime.date(2026, 5, 31)},
        "Die Frist darf nicht vor dem Beginn liegen.",
    ),
    ({"progress": 101}, "Der Fortschritt muss zwischen 0 und 100 % liegen."),
    ({"budget_amount": Decimal("-1.00")}, "Der Betrag darf nicht negativ sein."),
    ({"staff_hours_per_year": Decimal("-5")}, "Die Stunden dürfen nicht negativ sein."),
    ({"staff_fte": Decimal("-0.5")}, "Der Stellenanteil darf nicht negativ sein."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), BAD_VALUES)
def test_validation_rejects_bad_values_with_a_clear_message(changes, message):
    measure = MeasureFactory.build(lead_actor=None, **changes)
    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()
    assert message in str(excinfo.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "message"), BAD_VALUES)
def test_database_rejects_bad_values_even_without_validation(changes, message):
    measure = MeasureFactory()
    for name, value in changes.items():
        setattr(measure, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        measure.save()


@pytest.mark.django_db
def test_deadline_on_start_day_is_fine():
    day = datetime.date(2026, 6, 1)
    MeasureFactory.build(lead_actor=None, start_date=day, deadline=day).full_clean(
        exclude=["lead_actor"]
    )


@pytest.mark.django_db
def test_measure_number_is_unique_with_a_german_message():
    MeasureFactory(number="3.2", action_field=action_field(3))
    duplicate = MeasureFactory.build(number="3.2", action_field=action_field(3), lead_actor=None)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "Diese Maßnahmennummer ist bereits vergeben." in excinfo.value.message_dict["number"]


@pytest.mark.django_db
def test_goal_must_belong_to_the_measures_action_field():
    goal = GoalFactory(action_field=action_field(2))
    measure = MeasureFactory.build(lead_actor=None, action_field=action_field(1), goal=goal)
    with pytest.raises(ValidationError) as excinfo:
        measure.full_clean()
    assert "anderen Handlungsfeld" in str(excinfo.value.message_dict["goal"])


@pytest.mark.django_db
def test_status_update_progress_is_bounded():
    update = StatusUpdateFactory.build(measure=MeasureFactory(), progress=150)
    with pytest.raises(ValidationError):
        update.full_clean()


@pytest.mark.django_db
def test_measures_sort_naturally_by_number():
    for number in ["1.10", "1.2", "1.1"]:
        MeasureFactory(number=number, action_field=action_field(1))
    from measures.models import Measure

    assert list(Measure.objects.values_list("number", flat=True)) == ["1.1", "1.2", "1.10"]
