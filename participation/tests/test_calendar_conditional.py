"""Conditional GET of the calendar feed: 304 while nothing changed, never for a dead link."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.urls import reverse
from django.utils.http import http_date
from icalendar import Calendar

from concept import roles
from concept.models import Actor, Membership
from measures.models import Measure
from measures.tests.factories import MeasureFactory
from participation.models import Conference
from participation.services import calendar_token_renew, calendar_token_revoke

from .factories import ConferenceFactory


def _get(client, token, **headers):
    return client.get(reverse("participation:calendar_feed", kwargs={"token": token}), **headers)


@pytest.fixture
def feed(own_actor, actor_member):
    """A member's token, a deadline of their actor's measure and a conference."""
    MeasureFactory(lead_actor=own_actor, title="Sprachcafé", deadline=datetime.date(2027, 3, 31))
    ConferenceFactory(title="5. Integrationskonferenz")
    return calendar_token_renew(user=actor_member)


def test_unchanged_feed_answers_304_and_a_change_gives_200(
    client, feed, own_actor, django_assert_num_queries
):
    first = _get(client, feed)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert first["Cache-Control"] == "private, max-age=900"
    assert first["Last-Modified"]

    # token with the times of the last changes, groups (coordinator?): nothing is built
    with django_assert_num_queries(2):
        again = _get(client, feed, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == "private, max-age=900"
    assert again["Last-Modified"] == first["Last-Modified"]

    measure = Measure.objects.get(title="Sprachcafé")
    measure.title = "Sprachcafé am Marktplatz"
    measure.save()
    changed = _get(client, feed, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"Sprachcaf\xc3\xa9 am Marktplatz" in changed.content.replace(b"\r\n ", b"")
    assert _get(client, feed, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def _changed_an_hour_ago():
    """Shift the history back: Last-Modified and DTSTAMP count whole seconds."""
    for model in (Measure, Conference, Actor, Membership):
        model.history.update(history_date=F("history_date") - datetime.timedelta(hours=1))


def test_same_data_gives_the_same_text_stamped_with_the_last_change(client, feed):
    _changed_an_hour_ago()
    first, second = _get(client, feed), _get(client, feed)
    assert first.content == second.content
    last_modified = first["Last-Modified"]
    for event in Calendar.from_ical(first.content).walk("VEVENT"):
        assert http_date(event.decoded("dtstamp").timestamp()) == last_modified


def test_if_modified_since_gives_304_until_the_next_change(client, feed):
    _changed_an_hour_ago()
    first = _get(client, feed)
    since = first["Last-Modified"]
    assert _get(client, feed, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    ConferenceFactory(title="6. Integrationskonferenz")
    changed = _get(client, feed, HTTP_IF_MODIFIED_SINCE=since)
    assert changed.status_code == 200
    assert b"6. Integrationskonferenz" in changed.content


def test_revoked_renewed_or_inactive_link_is_refused_never_304(client, feed, actor_member):
    etag = _get(client, feed)["ETag"]
    since = _get(client, feed)["Last-Modified"]
    conditional = {"HTTP_IF_NONE_MATCH": etag, "HTTP_IF_MODIFIED_SINCE": since}
    assert _get(client, feed, **conditional).status_code == 304

    renewed = calendar_token_renew(user=actor_member)
    assert _get(client, feed, **conditional).status_code == 404
    assert _get(client, feed, HTTP_IF_NONE_MATCH="*").status_code == 404
    assert _get(client, renewed, **conditional).status_code == 304  # the same data

    actor_member.is_active = False
    actor_member.save()
    assert _get(client, renewed, **conditional).status_code == 404
    actor_member.is_active = True
    actor_member.save()
    calendar_token_revoke(user=actor_member)
    assert _get(client, renewed, **conditional).status_code == 404


def _changes(own_actor, actor_member):
    yield "Akteur umbenannt", lambda: setattr(own_actor, "name", "Neuer Name") or own_actor.save()
    yield "Konferenz verlegt", lambda: Conference.objects.get().delete()
    yield "Frist gelöscht", lambda: Measure.objects.get().delete()
    yield (
        "Mitgliedschaft beendet",
        lambda: Membership.objects.filter(user=actor_member).delete(),
    )
    yield (
        "zur Koordination gewechselt",
        lambda: actor_member.groups.add(Group.objects.get(name=roles.COORDINATOR)),
    )
    yield (
        "Name geändert",
        lambda: setattr(actor_member, "last_name", "Neu") or actor_member.save(),
    )


def test_every_change_to_what_the_feed_shows_gives_a_new_etag(
    client, feed, own_actor, actor_member
):
    etag = _get(client, feed)["ETag"]
    for what, change in _changes(own_actor, actor_member):
        change()
        response = _get(client, feed, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, what
        assert response["ETag"] != etag, what
        etag = response["ETag"]
