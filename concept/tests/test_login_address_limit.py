"""Failed sign-ins spread over many usernames from one address block that address
(concept/lockout.py), without locking out the staff who sign in from it every day."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"
ATTACKER = "203.0.113.66"
TOWN_HALL = ATTACKER  # the same NAT address: staff and attacker cannot be told apart by it


def sign_in(client, username, password, address=ATTACKER):
    response = client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    client.logout()
    return response


@pytest.fixture
def staff():
    account = UserFactory(username="sachbearbeiterin")
    account.set_password(PASSWORD)
    account.save()
    return account


def spray(client, count=40, address=ATTACKER):
    return [sign_in(client, f"name{i}", "Sommer2026!", address).status_code for i in range(count)]


def test_failures_over_many_usernames_block_the_address_beyond_the_limit(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30
    statuses = spray(client)
    assert statuses[:31] == [200] * 31  # the login form again, with its error
    assert statuses[31:] == [429] * 9
    assert AccessAttempt.objects.count() == 31  # refused attempts are not stored
    refused = sign_in(client, "noch-ein-name", "egal")
    assert refused.status_code == 429
    assert "zu viele Anmeldungen mit verschiedenen Benutzernamen" in refused.content.decode()


def test_another_address_is_not_blocked(client, staff):
    spray(client)
    assert sign_in(client, staff.username, PASSWORD, address="198.51.100.9").status_code == 302


def test_staff_who_signed_in_from_the_address_before_keep_signing_in(client, staff):
    assert sign_in(client, staff.username, PASSWORD, address=TOWN_HALL).status_code == 302
    spray(client, address=TOWN_HALL)
    assert sign_in(client, staff.username, PASSWORD, address=TOWN_HALL).status_code == 302


def test_an_account_new_to_the_blocked_address_waits_for_the_cool_off(client, staff):
    spray(client)
    assert sign_in(client, staff.username, PASSWORD).status_code == 429


def test_colleagues_typos_followed_by_a_sign_in_do_not_count(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    colleagues = [UserFactory(username=f"kollege{i}") for i in range(5)]
    for colleague in colleagues:
        colleague.set_password(PASSWORD)
        colleague.save()
        assert sign_in(client, colleague.username, "vertippt", TOWN_HALL).status_code == 200
        assert sign_in(client, colleague.username, PASSWORD, TOWN_HALL).status_code == 302
    newcomer = UserFactory(username="neu")
    newcomer.set_password(PASSWORD)
    newcomer.save()
    assert sign_in(client, newcomer.username, PASSWORD, TOWN_HALL).status_code == 302
