"""Which reminders are due today, and sending each of them exactly once.

``manage.py send_reminders`` calls :func:`send_due_reminders` once a day. Every reminder is
recorded as a ``Reminder`` row and committed *before* its mail is enqueued; the UNIQUE
constraint on (user, occasion) lets the database refuse a repeat, so a second run (or two
runs at the same time on two hosts) never mails the same thing twice: the run that loses
the insert skips. If enqueuing fails, the row is removed again so the next run retries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from concept.models import Membership
from measures.models import Measure

from .links import absolute_url, report_status_url
from .mail import enqueue_mail
from .models import Reminder, ReminderKind, ResponseStatus, SurveyRound


def status_report_interval() -> int:
    return int(getattr(settings, "STATUS_REPORT_INTERVAL_DAYS", 91))


def survey_reminder_days() -> int:
    return int(getattr(settings, "SURVEY_REMINDER_DAYS", 7))


@dataclass(frozen=True)
class Occasion:
    """Something due for one actor: the mail goes to that actor's members."""

    kind: str
    key: str
    due_on: datetime.date
    actor_id: int
    link: str
    measure: Measure | None = None
    survey_round: SurveyRound | None = None
    open_fields: tuple[str, ...] = ()


def _measure_occasion(kind, measure, due_on) -> Occasion:
    return Occasion(
        kind=kind,
        key=f"{kind}:measure={measure.pk}:{due_on.isoformat()}",
        due_on=due_on,
        actor_id=measure.lead_actor_id,
        link=report_status_url(measure),
        measure=measure,
    )


def deadline_occasions(today: datetime.date) -> Iterator[Occasion]:
    measures = Measure.objects.open().filter(lead_actor__isnull=False, deadline__isnull=False)
    for measure in measures.filter(deadline__lte=today + datetime.timedelta(30)).order_by("pk"):
        days_left = (measure.deadline - today).days
        if days_left < 0:
            kind = ReminderKind.DEADLINE_PASSED
        elif days_left <= 7:
            kind = ReminderKind.DEADLINE_7
        else:
            kind = ReminderKind.DEADLINE_30
        yield _measure_occasion(kind, measure, measure.deadline)


def status_report_occasions(today: datetime.date) -> Iterator[Occasion]:
    interval = datetime.timedelta(status_report_interval())
    measures = (
        Measure.objects.open()
        .filter(lead_actor__isnull=False)
        .annotate(last_report=Max("status_updates__reported_on"))
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
                link=absolute_url(survey_round.get_absolute_url()),
                survey_round=survey_round,
                open_fields=missing,
            )


def due_occasions(today: datetime.date) -> Iterator[Occasion]:
    yield from deadline_occasions(today)
    yield from status_report_occasions(today)
    yield from survey_occasions(today)


def _recipients_by_actor() -> dict[int, list]:
    """Members who get reminders: active, not opted out, with an e-mail address."""
    memberships = (
        Membership.objects.filter(user__is_active=True, user__receives_reminders=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    recipients = defaultdict(list)
    for membership in memberships:
        recipients[membership.actor_id].append(membership.user)
    return recipients


def _already_reminded(occasions: list[Occasion]) -> set[tuple[int, str]]:
    """(user id, occasion key) of the reminders already recorded, read in chunks.

    Without it, every daily run would try (and fail) one INSERT per reminder ever sent for
    a still open occasion: thousands of round trips once a concept has thousands of
    measures. The UNIQUE constraint still decides races between two runs.
    """
    keys = sorted({occasion.key for occasion in occasions})
    done: set[tuple[int, str]] = set()
    for start in range(0, len(keys), 500):
        done.update(
            Reminder.objects.filter(occasion__in=keys[start : start + 500]).values_list(
                "user_id", "occasion"
            )
        )
    return done


def send_due_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Record and enqueue every reminder due on ``today``; returns counts per kind."""
    today = today or timezone.localdate()
    recipients = _recipients_by_actor()
    settings_link = absolute_url(reverse("participation:calendar") + "#erinnerungen")
    sent: dict[str, int] = defaultdict(int)
    occasions = list(due_occasions(today))
    done = _already_reminded(occasions)
    for occasion in occasions:
        for user in recipients.get(occasion.actor_id, []):
            if (user.pk, occasion.key) in done:
                continue
            try:
                # Committed on its own before anything is enqueued: a run on another host
                # that inserts the same (user, occasion) waits for this commit and gets
                # an IntegrityError, so it skips; only the winner enqueues the mail.
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        kind=occasion.kind,
                        occasion=occasion.key,
                        user=user,
                        measure=occasion.measure,
                        survey_round=occasion.survey_round,
                        due_on=occasion.due_on,
                    )
            except IntegrityError:
                continue  # already reminded of this occasion (by this or another run)
            try:
                enqueue_mail(
                    template="reminder",
                    context={
                        "occasion": occasion,
                        "kind": occasion.kind,
                        "kind_label": ReminderKind(occasion.kind).label,
                        "recipient": user,
                        "today": today,
                        "interval_days": status_report_interval(),
                        "settings_link": settings_link,
                    },
                    to=user.email,
                )
            except Exception:
                reminder.delete()  # not enqueued: the next run tries again
                raise
            sent[occasion.kind] += 1
    return dict(sent)
