"""A personal link that no longer works says why, in German, and offers a new link: sent only
to the actor's stored contact address, at most a few times an hour."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from participation.models import ReportingLink
from participation.services.links import links_revoke

from .link_helpers import (
    home_url,
    issue,
    open_round,
    report_url,
    request_url,
    running_measure,
    unchanged_url,
)

pytestmark = pytest.mark.django_db

REQUEST_BUTTON = "Neuen Link anfordern"
SENT = "Wenn für Ihre Organisation eine Kontaktadresse gespeichert ist"


@pytest.fixture
def linked(own_actor):
    measure = running_measure(own_actor, number="1.1")
    reporting_round = open_round(measure)
    link, token = issue(reporting_round, own_actor)
    return reporting_round, link, token, measure


def _expire(link):
    ReportingLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def _private(response):
    assert response["Referrer-Policy"] == "same-origin"  # see link_common.private
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"


def test_expired_link_says_so_in_german_with_410_and_offers_a_new_link(client, linked):
    _, link, token, measure = linked
    _expire(link)
    for url in (home_url(token), report_url(token, measure)):
        response = client.get(url)
        assert response.status_code == 410
        _private(response)
        page = response.content.decode()
        assert "Dieser persönliche Link ist abgelaufen." in page
        assert REQUEST_BUTTON in page and request_url(token) in page
    assert client.post(unchanged_url(token, measure)).status_code == 410
    assert not measure.status_updates.exists()


def test_revoked_link_says_so_with_410(client, linked, coordinator, own_actor):
    reporting_round, _, token, measure = linked
    links_revoke(reporting_round=reporting_round, actor=own_actor, by=coordinator)
    response = client.get(home_url(token))
    assert response.status_code == 410
    page = response.content.decode()
    assert "von der Koordination widerrufen" in page and REQUEST_BUTTON in page


def test_link_of_a_closed_round_says_so_and_offers_no_new_link(client, linked):
    reporting_round, _, token, measure = linked
    reporting_round.closed_at = timezone.now()
    reporting_round.save()
    response = client.get(home_url(token))
    assert response.status_code == 410
    _private(response)
    page = response.content.decode()
    assert f"Die Berichtsrunde „{reporting_round.title}“ ist abgeschlossen" in page
    assert REQUEST_BUTTON not in page
    assert client.post(request_url(token)).status_code == 410
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["falsch-geraten", "1.abc:xyz"])
def test_unknown_token_gets_404_in_german_without_a_request_form(client, linked, token):
    response = client.get(home_url(token))
    assert response.status_code == 404
    _private(response)
    page = response.content.decode()
    assert "Dieser Link ist ungültig." in page and REQUEST_BUTTON not in page
    assert client.post(request_url(token)).status_code == 404


def test_tampered_secret_is_refused(client, linked):
    _, _, token, _ = linked
    link_id, rest = token.split(".", 1)
    assert client.get(home_url(f"{link_id}.x{rest}")).status_code == 404


def test_new_link_goes_only_to_the_stored_contact_address(client, linked, own_actor):
    _, link, token, measure = linked
    own_actor.email = "neu@verein.example"  # the coordination corrected the address
    own_actor.save()
    _expire(link)
    response = client.post(request_url(token), {"email": "angreifer@example.com"})
    assert response.status_code == 200
    _private(response)
    assert SENT in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["neu@verein.example"]
    assert "angreifer" not in message.body
    new = ReportingLink.objects.exclude(pk=link.pk).get()
    assert (new.email, new.actor, new.round) == ("neu@verein.example", own_actor, link.round)
    assert new.created_by is None
    # the mailed address works; the old link stays expired
    url = message.body.split("Alle Maßnahmen auf einen Blick: ", 1)[1].split()[0]
    path = url.split("127.0.0.1:8000", 1)[-1]
    assert client.get(path).status_code == 200
    assert f"{measure.number} {measure.title}" in message.body
    assert "<a href=" in message.alternatives[0][0]
    assert client.get(home_url(token)).status_code == 410


def test_same_answer_when_the_actor_has_no_address(client, linked, own_actor):
    _, link, token, _ = linked
    own_actor.email = ""
    own_actor.save()
    _expire(link)
    response = client.post(request_url(token))
    assert response.status_code == 200
    assert SENT in response.content.decode()
    assert mail.outbox == []
    assert ReportingLink.objects.count() == 1


def test_request_form_works_with_csrf_checks_on(linked):
    from django.test import Client

    _, link, token, _ = linked
    _expire(link)
    client = Client(enforce_csrf_checks=True)
    assert client.post(request_url(token)).status_code == 403  # no token, no request
    page = client.get(home_url(token))
    csrf = page.context["csrf_token"]
    assert client.post(request_url(token), {"csrfmiddlewaretoken": str(csrf)}).status_code == 200
    assert len(mail.outbox) == 1


@override_settings(REPORTING_LINK_REQUEST_LIMIT=3)
def test_requests_are_limited_per_link_and_client_address(client, linked, own_actor):
    reporting_round, link, token, _ = linked
    _expire(link)
    for _ in range(3):
        assert client.post(request_url(token)).status_code == 200
    refused = client.post(request_url(token))
    assert refused.status_code == 429
    _private(refused)
    assert "Zu viele Anfragen" in refused.content.decode()
    assert len(mail.outbox) == 3
    # another address may still ask; so may the same address for another link
    assert client.post(request_url(token), REMOTE_ADDR="10.0.0.7").status_code == 200
    other_link, other_token = issue(reporting_round, own_actor)
    _expire(other_link)
    assert client.post(request_url(other_token)).status_code == 200
    assert len(mail.outbox) == 5


def test_revoked_link_of_a_closed_round_says_the_round_is_over(client, linked, coordinator):
    reporting_round, _, token, _ = linked
    links_revoke(
        reporting_round=reporting_round, actor=reporting_round.links.get().actor, by=coordinator
    )
    reporting_round.closed_at = timezone.now()
    reporting_round.save()
    page = client.get(home_url(token)).content.decode()
    assert "ist abgeschlossen" in page and REQUEST_BUTTON not in page
