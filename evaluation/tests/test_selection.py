"""Starting a cycle creates one assessment per measure that existed in the period."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from evaluation.models import AssessmentState, CriterionScore
from evaluation.selection import measures_in_period
from measures.models import Measure, MeasureStatus
from measures.tests.factories import MeasureFactory

from .factories import start_cycle

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)


def _at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))), tick=False
    )


def _measure(number, entered, start=None, deadline=None, status=MeasureStatus.IN_PROGRESS):
    with _at(entered):
        return MeasureFactory(number=number, start_date=start, deadline=deadline, status=status)


def _set_status(measure, status, on):
    with _at(on):
        measure.status = status
        measure.save()


def test_measures_running_in_the_period_are_picked():
    running = _measure("1.1", datetime.date(2024, 6, 1), start=datetime.date(2024, 7, 1))
    started_in_period = _measure("1.2", datetime.date(2025, 3, 1), start=datetime.date(2025, 4, 1))
    assert measures_in_period(START, END) == [running, started_in_period]


def test_measure_entered_after_the_period_is_not_picked():
    _measure("1.1", datetime.date(2027, 1, 15), start=datetime.date(2027, 2, 1))
    assert measures_in_period(START, END) == []


def test_measure_entered_later_with_an_earlier_start_counts_from_its_start():
    backdated = _measure("1.1", datetime.date(2027, 2, 1), start=datetime.date(2026, 5, 1))
    assert measures_in_period(START, END) == [backdated]


def test_measure_finished_before_the_period_is_not_picked_but_one_finished_inside_is():
    before = _measure("1.1", datetime.date(2023, 1, 10), start=datetime.date(2023, 2, 1))
    _set_status(before, MeasureStatus.COMPLETED, datetime.date(2024, 12, 31))
    inside = _measure("1.2", datetime.date(2023, 1, 10), start=datetime.date(2023, 2, 1))
    _set_status(inside, MeasureStatus.CANCELLED, datetime.date(2025, 1, 1))
    assert measures_in_period(START, END) == [inside]


def test_finished_measure_reopened_and_finished_again_counts_from_its_last_finish():
    measure = _measure("1.1", datetime.date(2023, 1, 10), start=datetime.date(2023, 2, 1))
    _set_status(measure, MeasureStatus.COMPLETED, datetime.date(2024, 3, 1))
    _set_status(measure, MeasureStatus.IN_PROGRESS, datetime.date(2024, 6, 1))
    _set_status(measure, MeasureStatus.COMPLETED, datetime.date(2025, 2, 1))
    assert measures_in_period(START, END) == [measure]


def test_measure_entered_already_finished_ends_at_its_deadline():
    _measure(
        "1.1",
        datetime.date(2026, 5, 1),
        start=datetime.date(2023, 1, 1),
        deadline=datetime.date(2024, 12, 31),
        status=MeasureStatus.COMPLETED,
    )
    inside = _measure(
        "1.2",
        datetime.date(2026, 5, 1),
        start=datetime.date(2023, 1, 1),
        deadline=datetime.date(2025, 1, 1),
        status=MeasureStatus.COMPLETED,
    )
    assert measures_in_period(START, END) == [inside]


def test_starting_a_cycle_creates_one_open_assessment_per_measure_with_all_criteria():
    picked = _measure("1.1", datetime.date(2024, 6, 1), start=datetime.date(2024, 7, 1))
    picked.indicator_current = 17
    picked.save()
    _measure("1.2", datetime.date(2027, 6, 1), start=datetime.date(2027, 7, 1))
    cycle = start_cycle(period=(START, END))
    assessment = cycle.assessments.get()
    assert assessment.measure == picked
    assert assessment.state == AssessmentState.OPEN
    assert assessment.indicator_value == 17  # prefilled from the measure
    assert CriterionScore.objects.filter(assessment=assessment, level__isnull=True).count() == 6
    assert Measure.objects.count() == 2
