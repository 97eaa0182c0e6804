"""Indicator values as a series, and whether a measure is on plan: computed in its own query."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from measures import indicator_services
from measures.indicators import Measurement, MeasurementSource
from measures.models import Measure, ReportChannel, StatusUpdate
from measures.plan import PlanStatus
from measures.services import measure_report_status, status_reports_import

from .factories import MeasureFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)
DEADLINE = datetime.date(2027, 1, 1)  # 365 days


def _measure(**kw):
    values = {
        "start_date": START,
        "deadline": DEADLINE,
        "indicator": "Teilnehmende",
        "indicator_unit": "Personen",
        "indicator_baseline": Decimal(0),
        "indicator_target": Decimal(100),
        "indicator_current": None,
        "status": "in_progress",
    }
    values.update(kw)
    return MeasureFactory(**values)


def _plan(measure):
    return Measure.objects.with_plan().get(pk=measure.pk)


@pytest.mark.parametrize(
    ("day", "value", "expected"),
    [
        (datetime.date(2026, 7, 2), 50, PlanStatus.ON_PLAN),  # half-way, half done
        (datetime.date(2026, 7, 2), 35, PlanStatus.BEHIND),  # 15 % of the way behind
        (datetime.date(2026, 7, 2), 65, PlanStatus.AHEAD),
        (datetime.date(2026, 7, 2), 42, PlanStatus.ON_PLAN),  # within a tenth of the way
        (datetime.date(2027, 2, 1), 95, PlanStatus.ON_PLAN),  # after the deadline: the target
        (datetime.date(2027, 2, 1), 80, PlanStatus.BEHIND),
    ],
)
def test_plan_status_follows_the_straight_path(coordinator, day, value, expected):
    measure = _measure()
    indicator_services.measurement_add(
        measure=measure, value=Decimal(value), measured_on=day, user=coordinator
    )
    assert _plan(measure).plan_status == expected


def test_lower_is_better_runs_the_way_downwards(coordinator):
    measure = _measure(
        indicator_baseline=Decimal(40), indicator_target=Decimal(20), indicator_lower_is_better=True
    )
    day = datetime.date(2026, 7, 2)  # expected 30
    indicator_services.measurement_add(
        measure=measure, value=Decimal(24), measured_on=day, user=coordinator
    )
    assert _plan(measure).plan_status == PlanStatus.AHEAD
    indicator_services.measurement_add(
        measure=measure, value=Decimal(36), measured_on=datetime.date(2026, 7, 3), user=coordinator
    )
    assert _plan(measure).plan_status == PlanStatus.BEHIND


def test_milestones_bend_the_path(coordinator):
    measure = _measure()
    # a slow start: 10 by the middle of the year, then the rest
    indicator_services.milestones_set(
        measure=measure, points=[(datetime.date(2026, 7, 2), Decimal(10))], user=coordinator
    )
    indicator_services.measurement_add(
        measure=measure, value=Decimal(12), measured_on=datetime.date(2026, 7, 2), user=coordinator
    )
    planned = _plan(measure)
    assert planned.plan_status == PlanStatus.ON_PLAN
    assert planned.plan_expected == pytest.approx(10)
    # three quarters of the year: half-way between 10 and 100 → 55
    indicator_services.measurement_add(
        measure=measure, value=Decimal(55), measured_on=datetime.date(2026, 10, 1), user=coordinator
    )
    assert _plan(measure).plan_expected == pytest.approx(55, abs=0.5)


def test_milestones_outside_the_way_are_refused(coordinator):
    measure = _measure()
    with pytest.raises(ValidationError) as refused:
        indicator_services.milestones_set(
            measure=measure, points=[(datetime.date(2027, 3, 1), Decimal(1))], user=coordinator
        )
    assert "nicht zwischen Ausgangswert und Frist" in str(refused.value)


def test_without_values_or_definition_there_is_no_comparison(coordinator):
    assert _plan(_measure()).plan_status == PlanStatus.UNKNOWN
    undefined = _measure(indicator_target=None)
    indicator_services.measurement_add(
        measure=undefined, value=Decimal(5), measured_on=datetime.date(2026, 3, 1), user=coordinator
    )
    assert _plan(undefined).plan_status == PlanStatus.UNKNOWN


def test_the_list_counts_plan_status_in_one_query(coordinator, django_assert_num_queries):
    for value in (50, 10, 90):
        measure = _measure()
        indicator_services.measurement_add(
            measure=measure,
            value=Decimal(value),
            measured_on=datetime.date(2026, 7, 2),
            user=coordinator,
        )
    with django_assert_num_queries(1):
        statuses = sorted(Measure.objects.with_plan().values_list("plan_status", flat=True))
    assert statuses == sorted([PlanStatus.ON_PLAN, PlanStatus.BEHIND, PlanStatus.AHEAD])
    assert Measure.objects.with_plan().filter(plan_status=PlanStatus.BEHIND).count() == 1


def test_reports_feed_the_series_and_an_omitted_value_keeps_it(coordinator):
    measure = _measure()
    measure_report_status(
        measure=measure,
        user=None,
        status="in_progress",
        progress=30,
        indicator_value=Decimal(31),
        channel=ReportChannel.PERSONAL_LINK,
        reported_by="kontakt@verein.example",
    )
    measure_report_status(measure=measure, user=coordinator, status="in_progress", progress=35)
    measurement = Measurement.objects.get(measure=measure)
    assert (measurement.value, measurement.source, measurement.recorded_by_name) == (
        Decimal(31),
        MeasurementSource.REPORT,
        "kontakt@verein.example",
    )
    measure.refresh_from_db()
    assert measure.indicator_current == Decimal(31)


def test_a_report_dated_back_does_not_replace_a_newer_value(coordinator):
    measure = _measure()
    indicator_services.measurement_add(
        measure=measure, value=Decimal(60), measured_on=datetime.date(2026, 9, 1), user=coordinator
    )
    measure_report_status(
        measure=measure,
        user=coordinator,
        status="in_progress",
        progress=40,
        indicator_value=Decimal(40),
        reported_on=datetime.date(2026, 6, 1),
    )
    measure.refresh_from_db()
    assert measure.indicator_current == Decimal(60)
    assert Measurement.objects.filter(measure=measure).count() == 2


def test_imported_reports_join_the_series(coordinator):
    measure = _measure()
    status_reports_import(
        user=coordinator,
        reports=[
            StatusUpdate(
                measure=measure,
                reported_on=datetime.date(2026, 5, 1),
                status="in_progress",
                progress=20,
                indicator_value=Decimal(18),
            )
        ],
    )
    measurement = Measurement.objects.get(measure=measure)
    assert (measurement.source, measurement.value) == (MeasurementSource.IMPORT, Decimal(18))


def test_a_correction_keeps_the_old_value_in_the_history(coordinator):
    measure = _measure()
    measurement = indicator_services.measurement_add(
        measure=measure, value=Decimal(12), measured_on=datetime.date(2026, 3, 1), user=coordinator
    )
    with pytest.raises(ValidationError):
        indicator_services.measurement_correct(
            measurement=measurement,
            value=Decimal(21),
            measured_on=datetime.date(2026, 3, 1),
            user=coordinator,
            reason=" ",
        )
    indicator_services.measurement_correct(
        measurement=measurement,
        value=Decimal(21),
        measured_on=datetime.date(2026, 3, 1),
        user=coordinator,
        reason="Zahlendreher",
    )
    values = list(measurement.history.order_by("history_date").values_list("value", flat=True))
    assert values == [Decimal(12), Decimal(21)]
    measure.refresh_from_db()
    assert measure.indicator_current == Decimal(21)


def test_the_measure_list_filters_by_plan(client, coordinator):
    behind, on_plan = _measure(title="Hinten dran"), _measure(title="Gut unterwegs")
    for measure, value in ((behind, 10), (on_plan, 50)):
        indicator_services.measurement_add(
            measure=measure,
            value=Decimal(value),
            measured_on=datetime.date(2026, 7, 2),
            user=coordinator,
        )
    client.force_login(coordinator)
    page = client.get("/massnahmen/", {"plan": "behind"}).content.decode()
    assert "Hinten dran" in page and "Gut unterwegs" not in page


def test_the_measure_page_shows_values_by_kind_and_the_plan(client, coordinator):
    measure = _measure(indicator_unit="Personen", indicator_baseline=Decimal(0))
    indicator_services.measurement_add(
        measure=measure, value=Decimal(12), measured_on=datetime.date(2026, 7, 2), user=coordinator
    )
    client.force_login(coordinator)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "0 Personen" in page and "0,00 Personen" not in page
    assert "12 Personen" in page
    assert "hinter dem Plan" in page
    assert 'role="img"' in page and "Verlauf des Indikators" in page


def test_a_current_value_typed_into_the_measure_form_joins_the_series(coordinator):
    from measures.services import measure_update

    measure = _measure()
    measure_update(
        measure=measure,
        user=coordinator,
        values={"indicator_current": Decimal(44), "indicator_kind": "count"},
        expected_version=measure.version,
    )
    measurement = Measurement.objects.get(measure=measure)
    assert (measurement.value, measurement.source, measurement.recorded_by) == (
        Decimal(44),
        MeasurementSource.ENTERED,
        coordinator,
    )
    # saving again without touching the value adds nothing
    measure_update(
        measure=measure, user=coordinator, values={"title": "Neu"}, expected_version=measure.version
    )
    assert Measurement.objects.filter(measure=measure).count() == 1
