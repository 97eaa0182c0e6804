"""What is due today: the occasions for a reminder, each with a key that names it for good.

An occasion belongs to one actor (the lead actor of a measure, the invited actor of a survey,
or, for a reporting round that includes partners, a partner). Its key never contains the day
of the run, so that the same occasion found again tomorrow is recognised as already reminded.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, Max, OuterRef
from django.utils import timezone

from measures.models import Measure

from ..models import (
    EntryOutcome,
    ReminderKind,
    ReportingRound,
    ResponseStatus,
    RoundEntry,
    SurveyRound,
)


def status_report_interval() -> int:
    return int(getattr(settings, "STATUS_REPORT_INTERVAL_DAYS", 91))


def survey_reminder_days() -> int:
    return int(getattr(settings, "SURVEY_REMINDER_DAYS", 7))


def round_reminder_days() -> int:
    """Days before a round's due date on which the "bald fällig" reminder goes out."""
    return int(getattr(settings, "ROUND_REMINDER_DAYS_BEFORE", 7))


@dataclass(frozen=True)
class Occasion:
    """Something due for one actor: it goes to that actor's members or contact address."""

    kind: str
    key: str
    due_on: datetime.date
    actor_id: int
    measure_id: int | None = None
    survey_round: SurveyRound | None = None
    reporting_round: ReportingRound | None = None
    open_fields: tuple[str, ...] = ()
    partner: bool = False  # the actor is a partner of the measure, not its lead

    @property
    def label(self) -> str:
        return str(ReminderKind(self.kind).label)


def _measure_occasion(kind, measure, due_on) -> Occasion:
    return Occasion(
        kind=kind,
        key=f"{kind}:measure={measure.pk}:{due_on.isoformat()}",
        due_on=due_on,
        actor_id=measure.lead_actor_id,
        measure_id=measure.pk,
    )


def deadline_occasions(today: datetime.date) -> Iterator[Occasion]:
    measures = Measure.objects.open().filter(lead_actor__isnull=False, deadline__isnull=False)
    rows = measures.filter(deadline__lte=today + datetime.timedelta(30)).order_by("pk")
    for measure in rows.only("pk", "lead_actor_id", "deadline"):
        days_left = (measure.deadline - today).days
        if days_left < 0:
            kind = ReminderKind.DEADLINE_PASSED
        elif days_left <= 7:
            kind = ReminderKind.DEADLINE_7
        else:
            kind = ReminderKind.DEADLINE_30
        yield _measure_occasion(kind, measure, measure.deadline)


def in_open_round():
    """Annotation: the measure is in a reporting round that is still open."""
    return Exists(RoundEntry.objects.filter(measure=OuterRef("pk"), round__closed_at__isnull=True))


def status_report_occasions(today: datetime.date) -> Iterator[Occasion]:
    """A Sachstand is due ``STATUS_REPORT_INTERVAL_DAYS`` after the last one; not for a measure
    in an open reporting round (the round asks for it)."""
    interval = datetime.timedelta(status_report_interval())
    measures = (
        Measure.objects.open()
        .filter(lead_actor__isnull=False)
        .filter(~in_open_round())
        .annotate(last_report=Max("status_updates__reported_on"))
        .only("pk", "lead_actor_id", "created_at", "start_date")
        .order_by("pk")
    )
    for measure in measures:
        # Counted from the last report; without one from the creation, or from the start
        # when the measure has not started yet (nothing to report before it starts).
        since = measure.last_report or max(
            timezone.localdate(measure.created_at), measure.start_date or datetime.date.min
        )
        due_on = since + interval
        if due_on <= today:
            yield _measure_occasion(ReminderKind.STATUS_REPORT_DUE, measure, due_on)


def survey_occasions(today: datetime.date) -> Iterator[Occasion]:
    rounds = (
        SurveyRound.objects.open_on(today)
        .filter(ends_on__lte=today + datetime.timedelta(survey_reminder_days()))
        .prefetch_related("action_fields", "invited_actors")
    )
    for survey_round in rounds:
        fields = list(survey_round.action_fields.all())
        submitted = defaultdict(set)
        for actor_id, field_id in survey_round.responses.filter(
            status=ResponseStatus.SUBMITTED
        ).values_list("actor_id", "action_field_id"):
            submitted[actor_id].add(field_id)
        for actor in survey_round.invited_actors.all():
            missing = tuple(str(f) for f in fields if f.pk not in submitted[actor.pk])
            if not missing:
                continue
            yield Occasion(
                kind=ReminderKind.SURVEY_DUE,
                key=f"survey_due:round={survey_round.pk}:actor={actor.pk}:{survey_round.ends_on}",
                due_on=survey_round.ends_on,
                actor_id=actor.pk,
                survey_round=survey_round,
                open_fields=missing,
            )


def overdue_week(due_on: datetime.date, today: datetime.date) -> int:
    """0 for the first seven days after ``due_on``, 1 for the next seven, …"""
    return ((today - due_on).days - 1) // 7


def round_kinds(reporting_round: ReportingRound, today: datetime.date) -> list[tuple[str, str]]:
    """(kind, key suffix) of the round reminders due today for a missing entry."""
    due_on = reporting_round.due_on
    kinds = [(ReminderKind.ROUND_OPENED, "")]
    if due_on - datetime.timedelta(round_reminder_days()) <= today <= due_on:
        kinds.append((ReminderKind.ROUND_DUE, ""))
    elif today > due_on:
        kinds.append((ReminderKind.ROUND_OVERDUE, f":week={overdue_week(due_on, today)}"))
    return kinds


def round_occasions(today: datetime.date) -> Iterator[Occasion]:
    """For every entry of an open round that is still missing: "eröffnet" once, "bald fällig"
    once in the last ``ROUND_REMINDER_DAYS_BEFORE`` days, "überfällig" once a week after the
    due date. To the lead actor, and to the partners when the round includes them."""
    entries = list(
        RoundEntry.objects.with_outcome()
        .filter(
            round__closed_at__isnull=True,
            live_outcome=EntryOutcome.MISSING,
            measure__isnull=False,
        )
        .select_related("round")
        .annotate(current_lead=F("measure__lead_actor"))
        .order_by("round__due_on", "round_id", "measure_id")
    )
    with_partners = [e.measure_id for e in entries if e.round.remind_partners]
    partners = defaultdict(list)
    if with_partners:
        through = Measure.partners.through.objects.filter(measure_id__in=with_partners)
        for measure_id, actor_id in through.order_by("actor_id").values_list(
            "measure_id", "actor_id"
        ):
            partners[measure_id].append(actor_id)
    for entry in entries:
        lead_id = entry.current_lead or entry.lead_actor_id
        for kind, suffix in round_kinds(entry.round, today):
            key = f"{kind}:round={entry.round_id}:measure={entry.measure_id}{suffix}"
            common = {
                "kind": kind,
                "key": key,
                "due_on": entry.round.due_on,
                "measure_id": entry.measure_id,
                "reporting_round": entry.round,
            }
            if lead_id:
                yield Occasion(actor_id=lead_id, **common)
            if entry.round.remind_partners:
                for actor_id in partners[entry.measure_id]:
                    if actor_id != lead_id:
                        yield Occasion(actor_id=actor_id, partner=True, **common)


def due_occasions(today: datetime.date) -> Iterator[Occasion]:
    yield from deadline_occasions(today)
    yield from status_report_occasions(today)
    yield from survey_occasions(today)
    yield from round_occasions(today)
