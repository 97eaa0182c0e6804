"""Demo data of the reporting rounds: one closed round six weeks ago and one open round due in
three weeks, with reports by account, through a personal link and "unverändert bestätigt".

Everything goes through the services, as the coordination would do it; only the closed round's
dates and its reports are moved into the past afterwards (demo data only, as in measures.demo).
"""

from __future__ import annotations

import datetime

from django.db.models import Max, Q
from django.utils import timezone

from concept.models import ActionField, User
from measures.models import (
    OPEN_STATUSES,
    HistoricalStatusUpdate,
    Measure,
    ReportChannel,
    StatusUpdate,
)
from measures.note_services import note_add
from measures.services import measure_confirm_unchanged, measure_report_status

from .models import ReportingRound
from .services.rounds import round_close, round_open

CLOSED_FIELDS = (1, 3, 4)


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _closed_round(coordinator, today: datetime.date) -> ReportingRound:
    as_of = today - datetime.timedelta(days=42)
    due_on = as_of + datetime.timedelta(days=21)
    reported_on = as_of + datetime.timedelta(days=10)
    reporting_round = round_open(
        title=f"Sachstand zum {as_of:%d.%m.%Y}",
        as_of=as_of,
        due_on=due_on,
        message="Bitte melden Sie den Stand Ihrer Maßnahmen für den Bericht an den Ausschuss.",
        action_fields=_fields(CLOSED_FIELDS),
        by=coordinator,
    )
    # Three reports within the round: measures whose last Sachstand came before that day, so
    # their timeline stays in order.
    measures = (
        Measure.objects.filter(round_entries__round=reporting_round)
        .annotate(last=Max("status_updates__reported_on"))
        .filter(Q(last__lt=reported_on) | Q(last__isnull=True))
        .order_by("number")[:3]
    )
    made = []
    for measure in measures:
        update = measure_report_status(
            measure=measure,
            user=coordinator,
            status=measure.status,
            progress=measure.progress,
            text="Stand zum Stichtag: läuft wie geplant.",
            reported_on=reported_on,
        )
        made.append((measure, update))
    round_close(reporting_round=reporting_round, by=coordinator)
    # (after closing: the reports count for the round because they came after it opened)
    for _measure, update in made:
        _backdate_report(update, reported_on)
    opened_at = _moment(as_of - datetime.timedelta(days=7), 9)
    closed_at = _moment(due_on + datetime.timedelta(days=2), 16)
    ReportingRound.objects.filter(pk=reporting_round.pk).update(
        opened_at=opened_at, closed_at=closed_at
    )
    history = reporting_round.history.order_by("history_id")
    history.filter(history_type="+").update(history_date=opened_at, opened_at=opened_at)
    history.filter(history_type="~").update(
        history_date=closed_at, opened_at=opened_at, closed_at=closed_at
    )
    return reporting_round


def _backdate_report(update, day: datetime.date) -> None:
    """Move a report of the closed round to its day. Only the report: the measure's own history
    keeps its order (its newest record still tells its current state)."""
    when = _moment(day, 10)
    StatusUpdate.objects.filter(pk=update.pk).update(created_at=when)
    HistoricalStatusUpdate.objects.filter(id=update.pk).update(history_date=when)


def _fields(numbers):
    return list(ActionField.objects.filter(number__in=numbers))


def _open_round(coordinator, today: datetime.date) -> ReportingRound:
    reporting_round = round_open(
        title=f"Sachstand zum {today:%d.%m.%Y}",
        as_of=today,
        due_on=today + datetime.timedelta(days=21),
        message=(
            "Für die Fortschreibung des Handlungskonzepts brauchen wir den aktuellen Stand. "
            "Wenn sich nichts geändert hat, genügt „unverändert, weiter im Plan“."
        ),
        remind_partners=True,
        by=coordinator,
    )
    entries = reporting_round.entries.filter(
        measure__status__in=OPEN_STATUSES, measure__lead_actor__isnull=False
    ).select_related("measure__lead_actor")
    by_actor = {}
    for entry in entries.order_by("number"):
        by_actor.setdefault(entry.measure.lead_actor, []).append(entry.measure)
    actors = list(by_actor)
    if not actors:
        return reporting_round
    used = set()

    def pick(candidates):
        for measure in candidates:
            if measure.pk not in used and (measure.deadline is None or measure.deadline >= today):
                used.add(measure.pk)
                return measure
        return None

    # By account: a member of the lead actor (or the coordination) for two measures.
    for actor in (actors[0], actors[-1]):
        measure = pick(by_actor[actor])
        if measure is None:
            continue
        measure_report_status(
            measure=measure,
            user=measure.lead_actor.members.order_by("pk").first() or coordinator,
            status=measure.status,
            progress=min(100, measure.progress + 10),
            text="Die Umsetzung läuft; die nächsten Termine stehen fest.",
        )
    # Through a personal link: the actor's contact address reports, without an account.
    linked = next((a for a in actors[1:-1] if a.email), None)
    measure = pick(by_actor[linked]) if linked else None
    if measure is not None:
        measure_report_status(
            measure=measure,
            user=None,
            status=measure.status,
            progress=min(100, measure.progress + 5),
            text="Kurs ist voll belegt; eine Warteliste wird geführt.",
            channel=ReportChannel.PERSONAL_LINK,
            reported_by=linked.email,
        )
    # One click: unchanged, still on plan (an open measure that is not overdue).
    measure = pick(m for ms in by_actor.values() for m in ms)
    if measure is not None:
        measure_confirm_unchanged(
            measure=measure,
            user=measure.lead_actor.members.order_by("pk").first() or coordinator,
        )
    return reporting_round


def load_rounds(*, log) -> None:
    if ReportingRound.objects.exists():
        log(f"Berichtsrunden: {ReportingRound.objects.count()} vorhanden.")
        return
    coordinator = User.objects.filter(username="koordination").first()
    today = timezone.localdate()
    _closed_round(coordinator, today)
    reporting_round = _open_round(coordinator, today)
    notes = _partner_notes(reporting_round)
    log(f"Berichtsrunden: 2 neu (eine abgeschlossen, eine offen); {notes} Notizen von Partnern.")


def _partner_notes(reporting_round) -> int:
    """Two partners of measures in the open round write a note: one member with an account,
    one contact through a personal link."""
    made = 0
    measures = (
        Measure.objects.filter(round_entries__round=reporting_round, partners__isnull=False)
        .distinct()
        .order_by("number")
        .prefetch_related("partners__memberships__user")
    )
    for measure in measures:
        for partner in measure.partners.all():
            member = next((m.user for m in partner.memberships.all()), None)
            if made == 0 and member is not None:
                note_add(
                    measure=measure,
                    actor=partner,
                    text="Wir stellen weiter zwei Räume für die Kurse; alles läuft gut.",
                    user=member,
                )
                made += 1
                break
            if made == 1 and member is None and partner.email:
                note_add(
                    measure=measure,
                    actor=partner,
                    text="Unsere Ehrenamtlichen begleiten die Termine; Bedarf an Dolmetschenden.",
                    reported_by=partner.email,
                )
                return made + 1
    return made
