"""The iCalendar feed of one user: deadlines of their measures and the conference dates."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

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
    deployment detail and its entries may be patterns (``*``, ``.laatzen.de``).
    """
    return urlsplit(getattr(settings, "SITE_URL", "")).hostname or "localhost"


def build_feed(user) -> bytes:
    host = uid_domain()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.MUNICIPALITY_NAME}//{settings.CONCEPT_TITLE}//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.CONCEPT_TITLE} – {user}")
    stamp = timezone.now()
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
