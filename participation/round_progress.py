"""What a reporting round's page shows: totals, counts per actor and per action field, whom to
call, and every entry (live for an open round, as frozen for a closed one).

Reads only; three queries whatever the number of entries: the entries with their outcome and
last report date, the members of their lead actors, and nothing per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from concept.models import Membership
from measures.models import StatusUpdate, status_label

from .models import EntryOutcome, ReportingRound, RoundEntry


@dataclass
class Counts:
    total: int = 0
    reported: int = 0
    unchanged: int = 0
    missing: int = 0

    def add(self, outcome: str) -> None:
        self.total += 1
        if outcome == EntryOutcome.REPORTED:
            self.reported += 1
        elif outcome == EntryOutcome.UNCHANGED:
            self.unchanged += 1
        else:
            self.missing += 1

    @property
    def answered(self) -> int:
        return self.reported + self.unchanged

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


@dataclass
class ActorRow:
    actor: object  # concept.Actor or None (no lead actor)
    counts: Counts = field(default_factory=Counts)
    members: list[str] = field(default_factory=list)
    missing: list[RoundEntry] = field(default_factory=list)


@dataclass
class FieldRow:
    action_field: object
    counts: Counts = field(default_factory=Counts)


@dataclass
class RoundProgress:
    reporting_round: ReportingRound
    totals: Counts
    actors: list[ActorRow]
    fields: list[FieldRow]
    entries: list[RoundEntry]

    @property
    def to_call(self) -> list[ActorRow]:
        """Whom to call: the actors with missing entries, most missing first."""
        rows = [row for row in self.actors if row.missing]
        return sorted(rows, key=lambda row: (-len(row.missing), _actor_name(row.actor)))


def _actor_name(actor) -> str:
    return actor.name.casefold() if actor is not None else "\uffff"


OUTCOME_LABELS = dict(EntryOutcome.choices)


def round_entries(reporting_round: ReportingRound) -> list[RoundEntry]:
    """The round's entries with ``live_outcome``, ``outcome_label``, ``last_reported_on`` (the
    date of the newest Sachstand; frozen for a closed round) and ``status_label``; one query."""
    newest = StatusUpdate.objects.filter(measure=OuterRef("measure")).order_by(
        "-reported_on", "-created_at"
    )
    entries = list(
        RoundEntry.objects.filter(round=reporting_round)
        .with_outcome()
        .select_related("action_field", "lead_actor", "measure")
        .annotate(newest_reported_on=Subquery(newest.values("reported_on")[:1]))
    )
    for entry in entries:
        entry.outcome_label = OUTCOME_LABELS.get(entry.live_outcome, entry.live_outcome)
        if reporting_round.is_closed:
            entry.last_reported_on = entry.reported_on
            entry.status_label = status_label(entry.status) if entry.status else ""
        else:
            entry.last_reported_on = entry.newest_reported_on
            measure = entry.measure
            entry.status_label = status_label(measure.status) if measure else ""
    return entries


def _member_names(actor_ids) -> dict[int, list[str]]:
    names = defaultdict(list)
    memberships = (
        Membership.objects.filter(actor_id__in=actor_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for membership in memberships:
        user = membership.user
        names[membership.actor_id].append(user.get_full_name() or user.get_username())
    return names


def round_progress(reporting_round: ReportingRound) -> RoundProgress:
    entries = round_entries(reporting_round)
    totals = Counts()
    by_actor: dict[int | None, ActorRow] = {}
    by_field: dict[int, FieldRow] = {}
    for entry in entries:
        outcome = entry.live_outcome
        totals.add(outcome)
        actor_row = by_actor.setdefault(entry.lead_actor_id, ActorRow(entry.lead_actor))
        actor_row.counts.add(outcome)
        if outcome == EntryOutcome.MISSING:
            actor_row.missing.append(entry)
        by_field.setdefault(entry.action_field_id, FieldRow(entry.action_field)).counts.add(outcome)
    members = _member_names([pk for pk in by_actor if pk is not None])
    for pk, row in by_actor.items():
        row.members = members.get(pk, [])
    return RoundProgress(
        reporting_round=reporting_round,
        totals=totals,
        actors=sorted(by_actor.values(), key=lambda row: _actor_name(row.actor)),
        fields=sorted(
            by_field.values(), key=lambda row: (row.action_field.order, row.action_field.number)
        ),
        entries=entries,
    )
