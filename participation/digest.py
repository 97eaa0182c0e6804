"""The coordination's weekly digest: who and what the reminders do not reach on their own.

Every list is one query, whatever the size of the concept (the page and the mail read the
same ``Digest``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DateField, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from concept.models import Actor
from measures.models import OPEN_STATUSES, Measure, StatusUpdate

from .models import ReportingRound
from .recipients import members_who_get_reminders


def silent_weeks() -> int:
    return int(getattr(settings, "DIGEST_SILENT_WEEKS", 8))


def stale_days() -> int:
    return int(getattr(settings, "DIGEST_STALE_DAYS", 120))


@dataclass
class Digest:
    today: datetime.date
    silent_actors: list
    stale_measures: list
    overdue_measures: list
    open_rounds: list
    unreachable_actors: list

    @property
    def iso_week(self) -> str:
        year, week, _ = self.today.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def is_empty(self) -> bool:
        return not (
            self.silent_actors
            or self.stale_measures
            or self.overdue_measures
            or self.open_rounds
            or self.unreachable_actors
        )

    @property
    def silent_weeks(self) -> int:
        return silent_weeks()

    @property
    def stale_days(self) -> int:
        return stale_days()


def _leading_open():
    """Actors that lead at least one open measure, with ``open_count``."""
    open_measures = Measure.objects.open().filter(lead_actor=OuterRef("pk"))
    counted = Coalesce(
        Subquery(
            open_measures.order_by().values("lead_actor").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )
    return Actor.objects.annotate(open_count=counted).filter(open_count__gt=0)


def silent_actors(today: datetime.date):
    """Actors leading open measures without a report on any of them for
    ``DIGEST_SILENT_WEEKS`` weeks; ``last_report`` is their latest report (or None)."""
    since = today - datetime.timedelta(weeks=silent_weeks())
    last = (
        StatusUpdate.objects.filter(
            measure__lead_actor=OuterRef("pk"), measure__status__in=OPEN_STATUSES
        )
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    return (
        _leading_open()
        .annotate(last_report=Subquery(last, output_field=DateField()))
        .filter(Q(last_report__lt=since) | Q(last_report__isnull=True))
        .order_by("name")
    )


def stale_measures(today: datetime.date):
    """Open measures without a report for ``DIGEST_STALE_DAYS`` days (without any report:
    created that long ago)."""
    since = today - datetime.timedelta(stale_days())
    return (
        Measure.objects.open()
        .annotate(last_report=Max("status_updates__reported_on"))
        .filter(Q(last_report__lt=since) | Q(last_report__isnull=True, created_at__date__lt=since))
        .select_related("lead_actor")
        .order_by("number")
    )


def overdue_measures(today: datetime.date):
    """Open measures past their deadline, the longest overdue first."""
    measures = Measure.objects.overdue(today).select_related("lead_actor")
    return measures.order_by("deadline", "number")


def open_rounds():
    return ReportingRound.objects.open().with_counts().order_by("due_on")


def unreachable_actors():
    """Actors leading open measures with no contact address and no member who receives
    reminders: nobody is reminded of their measures."""
    members = members_who_get_reminders().filter(actor=OuterRef("pk"))
    return _leading_open().filter(email="").filter(~Exists(members)).order_by("name")


def build_digest(today: datetime.date | None = None) -> Digest:
    today = today or timezone.localdate()
    return Digest(
        today=today,
        silent_actors=list(silent_actors(today)),
        stale_measures=list(stale_measures(today)),
        overdue_measures=list(overdue_measures(today)),
        open_rounds=list(open_rounds()),
        unreachable_actors=list(unreachable_actors()),
    )
