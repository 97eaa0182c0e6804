"""What a personal link may see: its actor's measures in its round, nothing else.

Every page behind a link reads measures through these QuerySets, so that the scope is one
rule in one place: a measure that the round asked ``link.actor`` about (the round's entry
names the actor as lead) and that the actor still leads. Anything else is 404.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Subquery

from measures.models import Measure, MeasureNote

from .models import ReportingLink, RoundEntry


def _entries(link: ReportingLink):
    return RoundEntry.objects.filter(round_id=link.round_id, measure__isnull=False)


def link_measures(link: ReportingLink):
    """The measures the link reports on, each with ``round_outcome`` (reported, unchanged or
    missing in the link's round) and ``confirmed_unchanged_today``; one query."""
    outcome = (
        RoundEntry.objects.with_outcome()
        .filter(round_id=link.round_id, measure=OuterRef("pk"))
        .values("live_outcome")[:1]
    )
    return (
        Measure.objects.filter(
            pk__in=_entries(link).filter(lead_actor_id=link.actor_id).values("measure"),
            lead_actor_id=link.actor_id,
        )
        .select_related("action_field")
        .with_confirmed_today()
        .annotate(round_outcome=Subquery(outcome))
        .order_by("action_field__order", "number")
    )


def link_partner_measures(link: ReportingLink):
    """The round's measures on which the link's actor is a partner (not the lead), with the
    notes the actor left on them; empty unless the round includes partners. Two queries."""
    if not link.round.remind_partners:
        return Measure.objects.none()
    notes = MeasureNote.objects.filter(actor_id=link.actor_id).order_by("-created_at")
    return (
        Measure.objects.filter(pk__in=_entries(link).values("measure"), partners__pk=link.actor_id)
        .exclude(lead_actor_id=link.actor_id)
        .select_related("action_field", "lead_actor")
        .prefetch_related(Prefetch("partner_notes", queryset=notes, to_attr="actor_notes"))
        .order_by("action_field__order", "number")
    )
