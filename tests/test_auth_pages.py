"""Login, logout, lock-out, password change and the 405 page: what a user reads there."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.urls import reverse

from concept.demo import DEMO_PASSWORD
from concept.forms import duration_in_words
from concept.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # the factories' default
LOGIN = "/konto/login/"


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


# Finding 2: POST-only URLs after the session ended


def test_get_on_a_post_only_url_shows_a_german_405_page(client, coordinator, own_actor):
    client.force_login(coordinator)
    response = client.get(reverse("concept:member_add", args=[own_actor.pk]))
    assert response.status_code == 405
    assert response["Allow"].startswith("POST")  # unchanged by the page
    assert "Content-Security-Policy" in response  # the page gets the middleware's headers too
    html = response.content.decode()
    assert 'lang="de"' in html and html.count("<h1") == 1
    assert "Aktion nicht ausgeführt" in html
    assert "Die Aktion wurde nicht ausgeführt" in html
    assert f'href="{reverse("home")}"' in html


def test_405_page_links_back_to_the_page_the_user_came_from(client, coordinator, own_actor):
    client.force_login(coordinator)
    came_from = "http://testserver" + reverse("concept:actor_detail", args=[own_actor.pk])
    response = client.get(
        reverse("concept:member_add", args=[own_actor.pk]), HTTP_REFERER=came_from
    )
    assert f'href="{came_from}"' in response.content.decode()
    foreign = client.get(
        reverse("concept:member_add", args=[own_actor.pk]),
        HTTP_REFERER="https://evil.example.org/",
    )
    assert "evil.example.org" not in foreign.content.decode()


def test_login_page_explains_an_expired_session_when_it_has_a_next_address(client):
    notice = "Ihre Sitzung ist abgelaufen oder Sie sind nicht angemeldet."
    assert notice in client.get(LOGIN, {"next": "/massnahmen/"}).content.decode()
    assert notice not in client.get(LOGIN).content.decode()


def test_login_never_sends_on_to_a_post_only_address(client, coordinator, own_actor):
    action = reverse("concept:member_add", args=[own_actor.pk])
    response = attempt(client, coordinator.username, PASSWORD, next=action)
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(response.url).content.decode()
    assert "wurde nicht ausgeführt" in page


def test_login_still_sends_on_to_a_page(client, coordinator, own_actor):
    page = reverse("concept:actor_detail", args=[own_actor.pk])
    response = attempt(client, coordinator.username, PASSWORD, next=page)
    assert response.url == page
    assert "nicht ausgeführt" not in client.get(page).content.decode()


# Finding 3: lock-out


def test_lock_out_page_says_how_long_and_where_to_go(client, council, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, council.username, "falsch")
    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r'role="alert">\s*<p[^>]*>[^<]*für eine Stunde gesperrt', html)
    assert f'href="{reverse("password_reset")}"' in html
    assert f'href="{reverse("login")}"' in html


def test_lock_out_period_follows_the_setting(client, council, settings):
    settings.AXES_COOLOFF_TIME = 0.5
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, council.username, "falsch")
    assert "für 30 Minuten gesperrt" in response.content.decode()


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (timedelta(hours=1), "für eine Stunde"),
        (timedelta(hours=2), "für zwei Stunden"),
        (timedelta(minutes=90), "für eine Stunde und 30 Minuten"),
        (timedelta(minutes=1), "für eine Minute"),
        (timedelta(days=1), "für einen Tag"),
        (None, "bis die Koordination die Sperre aufhebt"),
    ],
)
def test_lock_out_period_in_german_words(period, words):
    assert duration_in_words(period) == words


def test_the_last_attempt_before_the_lock_out_is_announced(client, council, settings):
    last_chance = "Nach einem weiteren Fehlversuch wird die Anmeldung für eine Stunde gesperrt."
    pages = [
        attempt(client, council.username, "falsch").content.decode()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1)
    ]
    assert last_chance in pages[-1]
    assert "Nach zwei weiteren Fehlversuchen" in pages[-2]
    assert "weiteren Fehlversuch" not in pages[0]
    # One alert for both messages (screen readers announce it once).
    assert pages[-1].count('role="alert"') == 1


def test_a_new_password_by_mail_lifts_the_lock_out(client, settings):
    user = UserFactory(username="gesperrt", email="gesperrt@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.username, "falsch")
    assert attempt(client, user.username, PASSWORD).status_code == 429
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"https?://\S+/konto/reset/\S+/", mail.outbox[0].body).group(0)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "Leine-Ufer-2026!"
    client.post(set_url, {"new_password1": new, "new_password2": new})
    assert attempt(client, user.username, new).status_code == 302


# Finding 4: messages and the password policy


def test_wrong_password_message_is_plain(client, council):
    html = attempt(client, council.username, "falsch").content.decode()
    assert (
        "Benutzername oder Passwort ist falsch. Bitte achten Sie auf Groß- und Kleinschreibung."
        in html
    )


def test_logout_is_confirmed_on_the_login_page(client, council):
    client.force_login(council)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Sie wurden abgemeldet." in response.content.decode()
    # only once, and not for somebody who was not logged in
    assert "Sie wurden abgemeldet." not in client.get(LOGIN).content.decode()
    assert "abgemeldet" not in client.post(reverse("logout"), follow=True).content.decode()


def test_password_change_done_cannot_claim_a_change_on_its_own(client, council):
    client.force_login(council)
    response = client.get(reverse("password_change_done"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("concept:account")
    assert "Passwort geändert" not in response.content.decode()


def test_password_change_ends_on_the_account_page_with_a_message(client, council):
    client.force_login(council)
    new = "Leine-Ufer-2026!"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.url == reverse("concept:account")
    assert "Passwort geändert." in client.get(response.url).content.decode()


def test_new_passwords_need_twelve_characters(client, council):
    client.force_login(council)
    short = "Leine-Ufer1"  # 11 characters
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": short, "new_password2": short},
    )
    assert response.status_code == 200
    assert "mindestens 12 Zeichen" in response.content.decode()
    validate_password("Leine-Ufer12")  # 12 characters: enough


def test_the_demo_password_still_meets_the_policy():
    validate_password(DEMO_PASSWORD)


# Finding 5: required fields


def test_password_forms_explain_the_asterisk(client, council):
    client.force_login(council)
    html = client.get(reverse("password_change")).content.decode()
    assert "* Pflichtfeld" in html
    assert "asteriskField" in html
