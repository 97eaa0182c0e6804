"""Helpers of the reminder tests: runs on a given day, rounds, the link pages."""

import datetime
import zoneinfo

import pytest
import time_machine

from participation.models import ReportingRound, RoundEntry
from participation.reminders import run_reminders

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
D = datetime.date(2026, 6, 1)  # a Monday


def at(day: datetime.date, hour: int = 6):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=BERLIN), tick=False
    )


def run_on(day: datetime.date):
    """One run of ``send_reminders`` on ``day`` (the clock frozen at 06:00 that day)."""
    with at(day):
        return run_reminders(day)


def open_round(*measures, due_on, opened_on=D, remind_partners=False, title="Sachstand Juni"):
    """A round opened on ``opened_on`` at 06:00 asking for ``measures``."""
    with at(opened_on):
        reporting_round = ReportingRound.objects.create(
            title=title,
            as_of=min(opened_on, due_on),
            due_on=due_on,
            remind_partners=remind_partners,
            message="Bitte auch Teilnehmendenzahlen nennen.",
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


@pytest.fixture
def link_pages():
    """The personal-link pages are part of the project (kept as a fixture: the tests name it)."""
    return True
