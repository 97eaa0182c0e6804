"""An anonymous loop on „Passwort vergessen?“ stores nothing and is cut off per address."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from .factories import UserFactory

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def ask(client, email, address="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_loop_with_random_addresses_stores_nothing_and_gets_429_past_the_limit(client, settings):
    settings.TASKS = DB_TASKS
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 10
    statuses = [ask(client, f"{uuid.uuid4().hex}@example.org").status_code for _ in range(50)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429] * 40
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []
    refused = ask(client, "noch-einer@example.org")
    assert refused.status_code == 429
    assert "Bitte versuchen Sie es später noch einmal" in refused.content.decode()


def test_a_known_address_is_queued_once_per_request_within_the_limit(client, settings):
    settings.TASKS = DB_TASKS
    UserFactory(username="vergesslich", email="vergesslich@example.org")
    assert ask(client, "vergesslich@example.org").status_code == 302
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs["kwargs"]["email"] == "vergesslich@example.org"


def test_an_inactive_account_is_treated_as_unknown(client, settings):
    settings.TASKS = DB_TASKS
    UserFactory(username="weg", email="weg@example.org", is_active=False)
    assert ask(client, "weg@example.org").status_code == 302
    assert DBTaskResult.objects.count() == 0


def test_the_limit_counts_per_client_address(client, settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    for _ in range(3):
        ask(client, "a@example.org", address="198.51.100.1")
    assert ask(client, "a@example.org", address="198.51.100.1").status_code == 429
    assert ask(client, "a@example.org", address="198.51.100.2").status_code == 302
