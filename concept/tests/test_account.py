"""„Mein Konto“, password change and password reset by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from concept.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Leine-Ufer-2026!"


def test_account_page_shows_roles_and_actors(client, actor_member, own_actor):
    client.force_login(actor_member)
    html = client.get(reverse("concept:account")).content.decode()
    assert "Akteur" in html and own_actor.name in html
    assert reverse("password_change") in html


def test_user_changes_name_email_and_reminder_opt_out(client, actor_member):
    client.force_login(actor_member)
    response = client.post(
        reverse("concept:account"),
        {
            "first_name": "Neu",
            "last_name": "Name",
            "email": "neu@example.org",
            "current_password": "pw-for-tests-123",
        },
    )
    assert response.url == reverse("concept:account")
    actor_member.refresh_from_db()
    assert (actor_member.first_name, actor_member.email) == ("Neu", "neu@example.org")
    assert actor_member.receives_reminders is False  # unchecked box


def test_account_form_keeps_input_on_errors(client, actor_member, council):
    client.force_login(actor_member)
    response = client.post(
        reverse("concept:account"),
        {"first_name": "Bleibt", "last_name": "", "email": council.email},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bleibt"' in html
    assert "Es gibt bereits ein Konto mit dieser E-Mail-Adresse." in html
    actor_member.refresh_from_db()
    assert actor_member.first_name != "Bleibt"
    # the navigation still shows the stored name, not the rejected input
    assert "Angemeldet: Bleibt" not in html


def test_password_change_in_german(client, council):
    client.force_login(council)
    page = client.get(reverse("password_change")).content.decode()
    assert "Passwort ändern" in page and "Altes Passwort" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-123",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Passwort geändert" in response.content.decode()
    council.refresh_from_db()
    assert council.check_password(NEW_PASSWORD)


def test_password_change_with_wrong_old_password_explains_in_german(client, council):
    client.force_login(council)
    response = client.post(
        reverse("password_change"),
        {"old_password": "falsch", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Das alte Passwort war falsch. Bitte neu eingeben." in response.content.decode()


def test_password_reset_by_email_end_to_end(client):
    user = UserFactory(username="vergesslich", email="vergesslich@example.org")
    response = client.post(
        reverse("password_reset"), {"email": "vergesslich@example.org"}, follow=True
    )
    assert "Bitte prüfen Sie Ihr Postfach" in response.content.decode()
    (message,) = mail.outbox
    assert message.subject.startswith("Neues Passwort für das Integrationskonzept")
    assert "Ihr Benutzername: vergesslich" in message.body
    link = re.search(r"https?://\S+/konto/reset/\S+/", message.body).group(0)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Passwort gespeichert" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "wer@example.org"}, follow=True)
    assert "Bitte prüfen Sie Ihr Postfach" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name",
    [
        "password_reset",
        "password_reset_done",
        "password_reset_complete",
    ],
)
def test_password_pages_extend_the_site_layout(client, name):
    html = client.get(reverse(name)).content.decode()
    assert 'lang="de"' in html and 'id="main"' in html
    assert html.count("<h1") == 1
