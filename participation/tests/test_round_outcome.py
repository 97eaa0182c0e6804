"""What counts for a reporting round: a Sachstand recorded after the round opened; an
"unverändert" confirmation counts as such; closed rounds show what was frozen."""

import datetime

import pytest
from django.utils import timezone

from measures.models import ReportChannel
from measures.services import measure_confirm_unchanged, measure_report_status
from measures.tests.factories import MeasureFactory
from participation.models import EntryOutcome, ReportingRound, RoundEntry

pytestmark = pytest.mark.django_db


def _round_with(*measures, opened_at=None):
    today = timezone.localdate()
    reporting_round = ReportingRound.objects.create(
        title="Sachstand zum Test",
        as_of=today,
        due_on=today + datetime.timedelta(14),
        opened_at=opened_at or timezone.now(),
    )
    for measure in measures:
        RoundEntry.objects.create(
            round=reporting_round,
            measure=measure,
            number=measure.number,
            title=measure.title,
            action_field=measure.action_field,
            lead_actor=measure.lead_actor,
        )
    return reporting_round


def test_outcomes_and_counts_follow_the_reports_since_the_round_opened(coordinator):
    reported, confirmed, silent, early = (
        MeasureFactory(status="in_progress", deadline=timezone.localdate() + datetime.timedelta(90))
        for _ in range(4)
    )
    measure_report_status(measure=early, user=coordinator, status="in_progress", progress=10)
    reporting_round = _round_with(reported, confirmed, silent, early)
    measure_report_status(
        measure=reported,
        user=None,
        status="in_progress",
        progress=40,
        channel=ReportChannel.PERSONAL_LINK,
        reported_by="kontakt@verein.example",
    )
    measure_confirm_unchanged(measure=confirmed, user=coordinator)

    outcomes = dict(RoundEntry.objects.with_outcome().values_list("measure_id", "live_outcome"))
    assert outcomes == {
        reported.pk: EntryOutcome.REPORTED,
        confirmed.pk: EntryOutcome.UNCHANGED,
        silent.pk: EntryOutcome.MISSING,
        early.pk: EntryOutcome.MISSING,  # reported before the round opened
    }
    counted = ReportingRound.objects.with_counts().get(pk=reporting_round.pk)
    assert (
        counted.entry_count,
        counted.reported_count,
        counted.unchanged_count,
        counted.missing_count,
    ) == (4, 1, 1, 2)


def test_an_empty_round_counts_zero():
    counted = ReportingRound.objects.with_counts().get(pk=_round_with().pk)
    assert (counted.entry_count, counted.missing_count) == (0, 0)


def test_a_closed_round_shows_the_frozen_outcome(coordinator):
    measure = MeasureFactory(status="in_progress")
    reporting_round = _round_with(measure)
    RoundEntry.objects.filter(round=reporting_round).update(outcome=EntryOutcome.MISSING)
    reporting_round.closed_at = timezone.now()
    reporting_round.save()
    measure_report_status(measure=measure, user=coordinator, status="delayed", progress=5)
    entry = RoundEntry.objects.with_outcome().get(round=reporting_round)
    assert entry.live_outcome == EntryOutcome.MISSING


def test_an_omitted_indicator_value_keeps_the_stored_one(coordinator):
    measure = MeasureFactory(status="in_progress", indicator_current=12)
    measure_report_status(measure=measure, user=coordinator, status="in_progress", progress=30)
    measure.refresh_from_db()
    assert measure.indicator_current == 12
