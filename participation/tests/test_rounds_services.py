"""Opening, changing and closing reporting rounds (participation.services.rounds)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concept.tests.factories import ActorFactory, action_field
from measures.models import MeasureStatus, ReportChannel
from measures.services import measure_confirm_unchanged, measure_report_status
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.models import EntryOutcome, ReportingRound, RoundEntry
from participation.services import (
    round_add_measures,
    round_close,
    round_open,
    round_remove_entry,
    round_update,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 3, 31)
DUE = datetime.date(2026, 4, 21)


def _open(by, **selection):
    return round_open(title="Sachstand zum 31.03.2026", as_of=AS_OF, due_on=DUE, by=by, **selection)


def test_a_round_asks_about_all_open_measures_by_default(coordinator):
    planned = MeasureFactory(status=MeasureStatus.PLANNED)
    running = MeasureFactory(status=MeasureStatus.IN_PROGRESS)
    delayed = MeasureFactory(status=MeasureStatus.DELAYED)
    MeasureFactory(status=MeasureStatus.COMPLETED)
    MeasureFactory(status=MeasureStatus.CANCELLED)

    reporting_round = _open(coordinator)

    entries = RoundEntry.objects.filter(round=reporting_round)
    assert set(entries.values_list("measure", flat=True)) == {planned.pk, running.pk, delayed.pk}
    entry = entries.get(measure=running)
    assert (entry.number, entry.title, entry.action_field, entry.lead_actor) == (
        running.number,
        running.title,
        running.action_field,
        running.lead_actor,
    )
    assert reporting_round.opened_by == coordinator
    assert [s["id"] for s in reporting_round.selection["statuses"]] == [
        "planned",
        "in_progress",
        "delayed",
    ]


def test_the_selection_filters_by_field_actor_and_status_and_is_stored(coordinator):
    field_2 = action_field(2)
    actor = ActorFactory(name="Volkshochschule")
    wanted = MeasureFactory(number="2.1", lead_actor=actor, status=MeasureStatus.COMPLETED)
    MeasureFactory(number="2.2", status=MeasureStatus.COMPLETED)  # other actor
    MeasureFactory(number="1.1", lead_actor=actor, status=MeasureStatus.COMPLETED)  # other field
    MeasureFactory(number="2.3", lead_actor=actor, status=MeasureStatus.IN_PROGRESS)  # status

    reporting_round = _open(
        coordinator, action_fields=[field_2], actors=[actor], statuses=["completed"]
    )

    assert list(reporting_round.entries.values_list("measure", flat=True)) == [wanted.pk]
    assert reporting_round.selection == {
        "action_fields": [{"id": field_2.pk, "name": f"2 {field_2.name}"}],
        "actors": [{"id": actor.pk, "name": "Volkshochschule"}],
        "statuses": [{"id": "completed", "name": "abgeschlossen"}],
    }


def test_an_empty_selection_is_refused_in_german(coordinator):
    MeasureFactory(status=MeasureStatus.COMPLETED)
    with pytest.raises(ValidationError, match="keine Maßnahmen"):
        _open(coordinator)
    assert not ReportingRound.objects.exists()


def test_a_due_date_before_the_as_of_date_is_refused(coordinator):
    MeasureFactory()
    with pytest.raises(ValidationError) as refused:
        round_open(title="Runde", as_of=AS_OF, due_on=AS_OF - datetime.timedelta(1), by=coordinator)
    assert "nicht vor dem Stichtag" in str(refused.value.message_dict["due_on"])
    assert not ReportingRound.objects.exists()


def test_opening_takes_few_queries_whatever_the_number_of_measures(
    coordinator, django_assert_max_num_queries
):
    MeasureFactory.create_batch(30)
    # the measures; the constraint check, the round and its history; the entries in one
    # insert; savepoints of the transaction (4)
    with django_assert_max_num_queries(9):
        reporting_round = _open(coordinator)
    assert reporting_round.entries.count() == 30


def test_an_open_round_can_be_changed_and_its_history_says_by_whom(coordinator):
    MeasureFactory()
    reporting_round = _open(coordinator)
    round_update(
        reporting_round=reporting_round,
        title="Sachstand Frühjahr",
        due_on=DUE + datetime.timedelta(7),
        message="Bitte bis Ende April.",
        by=coordinator,
    )
    reporting_round.refresh_from_db()
    assert reporting_round.title == "Sachstand Frühjahr"
    newest, first = reporting_round.history.all()[:2]
    assert (newest.history_user, newest.history_change_reason) == (
        coordinator,
        "Berichtsrunde geändert",
    )
    assert first.history_change_reason == "Berichtsrunde eröffnet"
    assert sorted(newest.diff_against(first).changed_fields) == ["due_on", "message", "title"]


def test_measures_can_be_added_and_removed_while_open(coordinator):
    first = MeasureFactory()
    reporting_round = _open(coordinator)
    late = MeasureFactory(status=MeasureStatus.COMPLETED)
    assert (
        round_add_measures(reporting_round=reporting_round, measures=[first, late], by=coordinator)
        == 1
    )
    round_remove_entry(entry=reporting_round.entries.get(measure=first), by=coordinator)
    assert list(reporting_round.entries.values_list("measure", flat=True)) == [late.pk]
    assert "herausgenommen" in reporting_round.history.first().history_change_reason


def _report(measure, user, **values):
    return measure_report_status(
        measure=measure, user=user, status=values.pop("status", "in_progress"), **values
    )


def test_closing_freezes_outcome_values_and_the_report_that_counts(coordinator):
    reported = MeasureFactory(status="in_progress", deadline=datetime.date(2027, 6, 30))
    confirmed = MeasureFactory(status="in_progress", deadline=datetime.date(2027, 12, 31))
    silent = MeasureFactory(status="planned", progress=0)
    earlier = StatusUpdateFactory(
        measure=silent, reported_on=datetime.date(2025, 11, 3), text="Start im Januar"
    )
    reporting_round = _open(coordinator)
    link_report = _report(
        reported,
        None,
        progress=60,
        indicator_value=Decimal("17"),
        text="Zwei Kurse laufen.",
        channel=ReportChannel.PERSONAL_LINK,
        reported_by="kontakt@verein.example",
    )
    confirmation = measure_confirm_unchanged(measure=confirmed, user=coordinator)

    round_close(reporting_round=reporting_round, by=coordinator)

    reporting_round.refresh_from_db()
    assert reporting_round.is_closed and reporting_round.closed_by == coordinator
    entries = {e.measure_id: e for e in reporting_round.entries.all()}
    one = entries[reported.pk]
    assert (one.outcome, one.status, one.progress, one.indicator_value, one.deadline) == (
        EntryOutcome.REPORTED,
        "in_progress",
        60,
        Decimal("17"),
        datetime.date(2027, 6, 30),
    )
    assert (one.report, one.reported_on, one.text) == (
        link_report,
        timezone.localdate(),
        "Zwei Kurse laufen.",
    )
    assert (entries[confirmed.pk].outcome, entries[confirmed.pk].report) == (
        EntryOutcome.UNCHANGED,
        confirmation,
    )
    # nothing since the round opened: missing, but the last Sachstand before keeps its date
    none = entries[silent.pk]
    assert (none.outcome, none.report, none.reported_on, none.text, none.status) == (
        EntryOutcome.MISSING,
        earlier,
        datetime.date(2025, 11, 3),
        "Start im Januar",
        "planned",
    )
    assert reporting_round.history.first().history_change_reason == "Berichtsrunde abgeschlossen"


def test_a_report_after_closing_changes_nothing_in_the_round(coordinator):
    measure = MeasureFactory(status="in_progress", progress=20)
    reporting_round = _open(coordinator)
    round_close(reporting_round=reporting_round, by=coordinator)
    _report(measure, coordinator, status="delayed", progress=25)
    entry = RoundEntry.objects.with_outcome().get(round=reporting_round)
    assert (entry.live_outcome, entry.status, entry.progress, entry.report) == (
        EntryOutcome.MISSING,
        "in_progress",
        20,
        None,
    )


def test_a_closed_round_refuses_changes_and_a_second_close(coordinator):
    measure = MeasureFactory()
    reporting_round = _open(coordinator)
    round_close(reporting_round=reporting_round, by=coordinator)
    with pytest.raises(ValidationError, match="bereits abgeschlossen"):
        round_close(reporting_round=reporting_round, by=coordinator)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        round_update(
            reporting_round=reporting_round, title="Neu", due_on=DUE, message="", by=coordinator
        )
    with pytest.raises(ValidationError, match="abgeschlossen"):
        round_add_measures(reporting_round=reporting_round, measures=[measure], by=coordinator)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        round_remove_entry(entry=reporting_round.entries.get(), by=coordinator)
    assert reporting_round.history.count() == 2  # opened, closed


@pytest.mark.parametrize("size", [3, 30])
def test_closing_takes_the_same_number_of_queries_for_3_and_30_entries(
    coordinator, django_assert_max_num_queries, size
):
    measures = MeasureFactory.create_batch(size)
    reporting_round = _open(coordinator)
    for measure in measures[::2]:
        _report(measure, coordinator, progress=50)
    # the round locked; the entries with outcome, values and reports; one bulk update; the
    # constraint check, the round and its history; savepoints (4)
    with django_assert_max_num_queries(10):
        round_close(reporting_round=reporting_round, by=coordinator)
    assert reporting_round.entries.filter(outcome=EntryOutcome.REPORTED).count() == len(
        measures[::2]
    )


def test_a_real_sachstand_counts_over_a_later_unchanged_click(coordinator):
    measure = MeasureFactory(status="in_progress", deadline=datetime.date(2099, 1, 1))
    reporting_round = _open(coordinator)
    report = _report(measure, coordinator, progress=55, text="Neuer Kurs ab Mai.")
    StatusUpdateFactory(measure=measure, unchanged=True, text="")  # a later click, same day
    round_close(reporting_round=reporting_round, by=coordinator)
    entry = reporting_round.entries.get()
    assert (entry.outcome, entry.report, entry.text) == (
        EntryOutcome.REPORTED,
        report,
        "Neuer Kurs ab Mai.",
    )
