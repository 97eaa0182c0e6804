"""The iCalendar feed of one user: deadlines of their measures and the conference dates."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from icalendar import Calendar, Event

from concept.branding import current as current_branding
from concept.models import Actor, Membership
from concept.roles import is_coordinator
from measures.models import Measure

from .links import absolute_url
from .models import Conference


def feed_measures(user):
    """Open measures with a deadline that ``user`` reports on (all of them for the coordinator)."""
    measures = Measure.objects.open().filter(deadline__isnull=False)
    if not is_coordinator(user):
        measures = measures.led_by_member(user).distinct()
    return measures.select_related("lead_actor").order_by("deadline", "pk")


def uid_domain() -> str:
    """The domain part of every UID: the host of ``SITE_URL``.

    A UID must stay the same for the same event (RFC 5545, 3.8.4.7), or calendar clients
    show it twice after a change. ``ALLOWED_HOSTS`` is no source for it: its order is a
    deployment detail and its entries may be patterns (``*``, ``.stadt.example``).
    """
    return urlsplit(getattr(settings, "SITE_URL", "")).hostname or "localhost"


# Raise when the feed's text changes for the same data, so that clients fetch it anew.
FEED_FORMAT = "1"


def _latest_change(history):
    return Subquery(history.order_by("-history_date").values("history_date")[:1])


def feed_owner(token: str):
    """The active user whose calendar token this is (``None`` if unknown, renewed or revoked),
    with the times the data the feed shows last changed, in one query.

    Every change to measures, conferences, actors and the user's memberships leaves a history
    record (a deleted one too), so its newest ``history_date`` moves with each change of the
    feed. Changes to other measures or conferences count as well: a needless full answer now
    and then is cheaper than looking closer.
    """
    return (
        get_user_model()
        .objects.filter(calendar_token=token, is_active=True)
        .annotate(
            measures_changed=_latest_change(Measure.history.all()),
            conferences_changed=_latest_change(Conference.history.all()),
            actors_changed=_latest_change(Actor.history.all()),
            memberships_changed=_latest_change(Membership.history.filter(user=OuterRef("pk"))),
        )
        .first()
    )


@dataclass(frozen=True)
class FeedVersion:
    etag: str
    last_modified: datetime.datetime | None

    @property
    def timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None


def feed_version(user) -> FeedVersion:
    """ETag and Last-Modified of the feed of a user from ``feed_owner``, without building it.

    The ETag also holds what the feed shows of the user (name, coordinator or not) and of the
    settings; it is weak because the text is equal in meaning, not promised byte for byte.
    """
    changes = [
        user.measures_changed,
        user.conferences_changed,
        user.actors_changed,
        user.memberships_changed,
    ]
    branding = current_branding()
    parts = [
        FEED_FORMAT,
        user.pk,
        str(user),
        is_coordinator(user),
        settings.SITE_URL,
        branding.name,
        branding.concept_title,
        *(change.isoformat() if change else "-" for change in changes),
    ]
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return FeedVersion(etag=f'W/"{digest}"', last_modified=max(filter(None, changes), default=None))


def build_feed(user, *, stamp: datetime.datetime | None = None) -> bytes:
    """``stamp`` is DTSTAMP of every event: when the data last changed (RFC 5545 3.8.7.2, for a
    calendar without METHOD), so that the same data gives the same text."""
    host = uid_domain()
    calendar = Calendar()
    branding = current_branding()
    calendar.add("prodid", f"-//{branding.name}//{branding.concept_title}//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{branding.concept_title} – {user}")
    stamp = stamp or timezone.now()
    for measure in feed_measures(user):
        event = Event()
        event.add("uid", f"measure-{measure.pk}-deadline@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"Frist: {measure.number} {measure.title}")
        event.add("dtstart", measure.deadline)
        event.add("dtend", measure.deadline + datetime.timedelta(days=1))
        event.add("url", absolute_url(measure.get_absolute_url()))
        if measure.lead_actor:
            event.add("description", f"Federführend: {measure.lead_actor.name}")
        calendar.add_component(event)
    for conference in Conference.objects.all():
        event = Event()
        event.add("uid", f"conference-{conference.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", conference.title)
        event.add("dtstart", conference.starts_at)
        event.add("dtend", conference.ends_at or conference.starts_at + datetime.timedelta(hours=2))
        event.add("location", conference.place)
        event.add("url", absolute_url(conference.get_absolute_url()))
        calendar.add_component(event)
    return calendar.to_ical()
