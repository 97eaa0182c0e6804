"""The iCalendar feed against RFC 5545, its UIDs, its scope and its cost."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from concept.models import Membership
from measures.tests.factories import MeasureFactory
from participation.services import calendar_token_renew

from .factories import ConferenceFactory


def _feed(client, token):
    response = client.get(reverse("participation:calendar_feed", kwargs={"token": token}))
    assert response.status_code == 200
    return response.content


def test_uids_come_from_site_url_not_from_allowed_hosts(client, settings, own_actor, actor_member):
    """``ALLOWED_HOSTS`` may hold ``*`` or ``.laatzen.de`` and may be reordered; a UID that
    changes makes calendar clients show every event twice."""
    measure = MeasureFactory(lead_actor=own_actor)
    conference = ConferenceFactory()
    token = calendar_token_renew(user=actor_member)
    settings.SITE_URL = "https://integration.laatzen.de/"
    settings.ALLOWED_HOSTS = ["*"]
    first = {str(e["uid"]) for e in Calendar.from_ical(_feed(client, token)).walk("VEVENT")}
    settings.ALLOWED_HOSTS = ["testserver", ".laatzen.de"]
    measure.title = "Neuer Titel"
    measure.save()
    second = {str(e["uid"]) for e in Calendar.from_ical(_feed(client, token)).walk("VEVENT")}
    assert (
        first
        == second
        == {
            f"measure-{measure.pk}-deadline@integration.laatzen.de",
            f"conference-{conference.pk}@integration.laatzen.de",
        }
    )


def test_feed_is_valid_rfc5545_text(client, own_actor, actor_member):
    """CRLF line ends, lines of at most 75 octets folded between whole UTF-8 characters,
    commas, semicolons and line breaks escaped, times in UTC."""
    MeasureFactory(lead_actor=own_actor, title="Große Übersicht; Äußerungen, " + "ü" * 120)
    ConferenceFactory(
        title="Konferenz, Teil 1; Rückblick",
        place="Rathaus Laatzen\nMarktplatz 13, Raum 503; 2. OG",
        starts_at=timezone.make_aware(datetime.datetime(2027, 6, 15, 17, 0)),
    )
    raw = _feed(client, calendar_token_renew(user=actor_member))
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # no character split by the folding
    text = raw.decode().replace("\r\n ", "")
    assert "SUMMARY:Konferenz\\, Teil 1\\; Rückblick" in text
    assert "LOCATION:Rathaus Laatzen\\nMarktplatz 13\\, Raum 503\\; 2. OG" in text
    assert "DTSTART:20270615T150000Z" in text  # 17:00 in Laatzen (summer time) is 15:00 UTC
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 2
    for required in ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:", "END:VCALENDAR"):
        assert required in text
    for event in Calendar.from_ical(raw).walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART"} <= set(event)


def test_feed_shows_nothing_of_other_actors_or_of_a_left_actor(
    client, own_actor, other_actor, actor_member
):
    mine = MeasureFactory(lead_actor=own_actor, title="Eigene Frist")
    MeasureFactory(lead_actor=other_actor, title="Fremde Frist", notes="INTERN")
    token = calendar_token_renew(user=actor_member)
    text = _feed(client, token).decode()
    assert "Eigene Frist" in text
    assert "Fremde Frist" not in text and other_actor.name not in text and "INTERN" not in text
    Membership.objects.filter(user=actor_member, actor=own_actor).delete()
    text = _feed(client, token).decode()
    assert mine.title not in text


def test_feed_queries_do_not_grow(client, django_assert_num_queries, coordinator, own_actor):
    token = calendar_token_renew(user=coordinator)
    MeasureFactory.create_batch(3, lead_actor=own_actor)
    ConferenceFactory.create_batch(2)
    _feed(client, token)
    # user by token, groups (coordinator?), measures (+ lead actors), conferences
    with django_assert_num_queries(4):
        _feed(client, token)
    MeasureFactory.create_batch(30, lead_actor=own_actor)
    ConferenceFactory.create_batch(10)
    with django_assert_num_queries(4):
        assert _feed(client, token).count(b"BEGIN:VEVENT") == 45
