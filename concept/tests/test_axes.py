"""Brute-force protection (django-axes) through the real login form, and unlocking."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, council):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, council.username, "falsch").status_code == 200
    locked = attempt(client, council.username, "falsch")
    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.content.decode()
    assert attempt(client, council.username, PASSWORD).status_code == 429


def test_lock_out_is_per_username(client, council, actor_member):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, council.username, "falsch")
    assert attempt(client, actor_member.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_counter(client, council):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, council.username, "falsch")
    assert attempt(client, council.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, council.username, "falsch").status_code == 200
    assert attempt(client, council.username, PASSWORD).status_code == 302


def test_coordinator_sees_the_lock_and_unlocks_the_user(client, coordinator, council):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, council.username, "falsch")
    client.force_login(coordinator)
    listing = client.get(reverse("concept:user_list")).content.decode()
    assert "gesperrt" in listing
    page = client.get(reverse("concept:user_detail", args=[council.pk])).content.decode()
    assert "Sperre aufheben" in page
    response = client.post(reverse("concept:user_unlock", args=[council.pk]), follow=True)
    assert "Anmeldesperre für" in response.content.decode()
    assert "Sperre aufheben" not in response.content.decode()
    client.logout()
    assert attempt(client, council.username, PASSWORD).status_code == 302


def test_unlock_button_is_hidden_when_nobody_is_locked(client, coordinator, council):
    client.force_login(coordinator)
    page = client.get(reverse("concept:user_detail", args=[council.pk])).content.decode()
    assert "Sperre aufheben" not in page
