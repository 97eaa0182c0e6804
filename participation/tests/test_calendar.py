"""The personal iCalendar feed: parses, holds the right dates, dies with its token."""

import datetime
import re

from django.urls import reverse
from icalendar import Calendar

from measures.models import MeasureStatus
from measures.tests.factories import MeasureFactory
from participation.services import calendar_token_renew, calendar_token_revoke

from .factories import ConferenceFactory


def feed_url(token):
    return reverse("participation:calendar_feed", kwargs={"token": token})


def test_feed_parses_and_holds_own_deadlines_and_conferences(
    client, own_actor, other_actor, actor_member
):
    mine = MeasureFactory(lead_actor=own_actor, deadline=datetime.date(2027, 3, 31))
    MeasureFactory(lead_actor=own_actor, status=MeasureStatus.COMPLETED)
    theirs = MeasureFactory(lead_actor=other_actor)
    conference = ConferenceFactory(title="2. Integrationskonferenz")
    token = calendar_token_renew(user=actor_member)

    response = client.get(feed_url(token))  # no login: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"Frist: {mine.number} {mine.title}", "2. Integrationskonferenz"}
    assert events[f"Frist: {mine.number} {mine.title}"].decoded("dtstart") == datetime.date(
        2027, 3, 31
    )
    assert events["2. Integrationskonferenz"].decoded("dtstart") == conference.starts_at.replace(
        microsecond=0
    )
    assert theirs.title not in response.content.decode()


def test_coordinator_feed_has_all_open_deadlines(client, own_actor, other_actor, coordinator):
    MeasureFactory(lead_actor=own_actor)
    MeasureFactory(lead_actor=other_actor)
    token = calendar_token_renew(user=coordinator)
    calendar = Calendar.from_ical(client.get(feed_url(token)).content)
    assert len(calendar.walk("VEVENT")) == 2


def test_revoked_or_renewed_token_gives_404(client, actor_member):
    old = calendar_token_renew(user=actor_member)
    new = calendar_token_renew(user=actor_member)
    assert old != new
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    calendar_token_revoke(user=actor_member)
    assert client.get(feed_url(new)).status_code == 404


def test_inactive_users_feed_is_gone(client, actor_member):
    token = calendar_token_renew(user=actor_member)
    actor_member.is_active = False
    actor_member.save()
    assert client.get(feed_url(token)).status_code == 404


def test_calendar_page_creates_and_revokes_the_link(client, actor_member):
    client.force_login(actor_member)
    client.post(reverse("participation:calendar_token"))
    actor_member.refresh_from_db()
    token = actor_member.calendar_token
    assert len(token) >= 40
    page = client.get(reverse("participation:calendar")).content.decode()
    assert feed_url(token) in page
    client.post(reverse("participation:calendar_revoke"))
    actor_member.refresh_from_db()
    assert actor_member.calendar_token is None
    assert (
        "Kalender-Link erzeugen" in client.get(reverse("participation:calendar")).content.decode()
    )


def test_user_opts_out_of_reminders_and_back_in(client, actor_member):
    client.force_login(actor_member)
    url = reverse("participation:reminder_settings")
    client.post(url, {})
    actor_member.refresh_from_db()
    assert actor_member.receives_reminders is False
    client.post(url, {"receives_reminders": "on"})
    actor_member.refresh_from_db()
    assert actor_member.receives_reminders is True


def test_calendar_page_title_is_plain_text_and_reminders_are_in_main(client, actor_member):
    client.force_login(actor_member)
    page = client.get(reverse("participation:calendar")).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "csrfmiddlewaretoken" not in title
    assert title.startswith("Kalender und Erinnerungen")
    main = page[page.index('<main id="main"') :]
    assert main.count('id="erinnerungen"') == 1
    assert page.count('id="receives-reminders"') == 1
    assert main.index("Kalender abonnieren") < main.index("Erinnerungen per E-Mail erhalten")
