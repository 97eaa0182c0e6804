"""A save that meets an ended session: the values come back in the form after the login."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core import unsent
from core.conflicts import UNKNOWN, read_original
from measures.models import StatusUpdate
from measures.tests.factories import MeasureFactory, report_original

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # the factories' default
LOGIN = "/konto/login/"
TEXT = "Drei Kurse laufen; der vierte beginnt nach den Ferien. <b>fett</b> </script>"


@pytest.fixture
def measure(own_actor):
    return MeasureFactory(lead_actor=own_actor)


def report(client, measure, **extra):
    data = {
        "status": "in_progress",
        "progress": "40",
        "indicator_value": "",
        "text": TEXT,
        "original": report_original(measure),
        **extra,
    }
    return client.post(reverse("measures:report", args=[measure.pk]), data)


def log_in(client, user):
    """Through the login form, as a browser does: it also sets the owner cookie."""
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def end_session(client):
    """What an expired session or a logout in another tab leaves: no session cookie."""
    del client.cookies[settings.SESSION_COOKIE_NAME]


def kept_fields(html: str) -> dict | None:
    found = re.search(r'<script id="unsent-form" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def test_the_values_of_a_save_after_the_session_ended_come_back_after_the_login(
    client, measure, actor_member
):
    log_in(client, actor_member)
    end_session(client)
    response = report(client, measure)
    path = reverse("measures:report", args=[measure.pk])
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not StatusUpdate.objects.exists()

    page = client.get(response.url).content.decode()
    assert "nicht gespeichert, aber aufbewahrt" in page
    assert kept_fields(page) is None  # not before the login

    response = client.post(response.url, {"username": actor_member.username, "password": PASSWORD})
    assert response.url == path
    html = client.get(path).content.decode()
    kept = kept_fields(html)
    assert kept["fields"]["text"] == [TEXT]
    assert kept["fields"]["progress"] == ["40"]
    # the same snapshot of the measure (the signature's timestamp may be a second later)
    (original,) = kept["fields"]["original"]
    assert read_original(original) == read_original(report_original(measure)) != UNKNOWN
    assert "csrfmiddlewaretoken" not in kept["fields"]
    assert "erneut speichern" in kept["note"]
    assert "</script>" not in html.split('id="unsent-form"')[1].split("</script>")[0]
    assert "js/unsent-form.js" in html
    # offered once; nothing was saved on the user's behalf
    assert kept_fields(client.get(path).content.decode()) is None
    assert not StatusUpdate.objects.exists()


def test_the_kept_values_are_dropped_when_another_page_comes_first(client, measure, actor_member):
    report(client, measure)
    client.force_login(actor_member)
    client.get(reverse("home"))
    path = reverse("measures:report", args=[measure.pk])
    assert kept_fields(client.get(path).content.decode()) is None


def test_old_kept_values_are_not_offered(client, measure, actor_member):
    log_in(client, actor_member)
    end_session(client)
    report(client, measure)
    session = client.session
    session[unsent.SESSION_KEY]["at"] -= unsent.MAX_AGE + 1
    session.save()
    client.force_login(actor_member)
    path = reverse("measures:report", args=[measure.pk])
    assert kept_fields(client.get(path).content.decode()) is None


def test_the_kept_values_are_offered_only_to_the_user_who_typed_them(
    client, measure, actor_member, other_member
):
    log_in(client, actor_member)
    end_session(client)
    report(client, measure)
    log_in(client, other_member)  # somebody else at the same computer
    html = client.get(reverse("measures:report", args=[measure.pk])).content.decode()
    assert kept_fields(html) is None and "Drei Kurse" not in html
    assert unsent.SESSION_KEY not in client.session


def test_nothing_is_kept_without_the_owner_cookie(client, measure):
    report(client, measure)  # this browser never logged in: nobody to keep the values for
    assert unsent.SESSION_KEY not in client.session


def test_passwords_are_never_kept(client, coordinator):
    log_in(client, coordinator)
    end_session(client)
    client.post(
        reverse("password_change"),
        {"old_password": "Alt-Geheim-1", "new_password1": "Neu-Geheim-2", "new_password2": "x"},
    )
    assert unsent.SESSION_KEY not in client.session


def test_nothing_is_kept_for_buttons_empty_forms_or_logged_in_users(
    client, measure, actor_member, own_actor, coordinator
):
    log_in(client, actor_member)
    end_session(client)
    # a POST-only action (a button): no form to refill
    client.post(reverse("concept:member_add", args=[own_actor.pk]), {"user": "1"})
    assert unsent.SESSION_KEY not in client.session
    # nothing typed
    client.post(reverse("measures:report", args=[measure.pk]), {"text": "  "})
    assert unsent.SESSION_KEY not in client.session
    # too much to keep in a session
    report(client, measure, text="x" * unsent.MAX_BYTES)
    assert unsent.SESSION_KEY not in client.session
    # a logged-in user's failed or refused save is answered on the page itself
    client.force_login(coordinator)
    report(client, measure, progress="120")
    assert unsent.SESSION_KEY not in client.session


# A stale CSRF token (logged in again in another tab): a German page, and the values kept
# when the POST came from our own pages


def stale_form_post(client, measure, **headers):
    return client.post(
        reverse("measures:report", args=[measure.pk]),
        {"text": TEXT, "progress": "40", "status": "in_progress", "csrfmiddlewaretoken": "x" * 32},
        **headers,
    )


def test_a_stale_form_of_ours_is_refused_in_german_and_its_values_come_back(measure, actor_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(actor_member)
    client.get(reverse("home"))  # sets the CSRF cookie
    response = stale_form_post(client, measure, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formular nicht angenommen" in html and "Gespeichert wurde nichts" in html
    path = reverse("measures:report", args=[measure.pk])
    assert f'href="{path}"' in html
    assert kept_fields(client.get(path).content.decode())["fields"]["text"] == [TEXT]
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize("origin", [None, "https://evil.example.org"])
def test_a_refused_post_from_elsewhere_is_not_kept(measure, actor_member, origin):
    """Another site must not put values of its choosing into the user's form."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(actor_member)
    client.get(reverse("home"))
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = stale_form_post(client, measure, **headers)
    assert response.status_code == 403
    assert "Zurück-Funktion" in response.content.decode()
    assert unsent.SESSION_KEY not in client.session
