"""The login lock-out behind the reverse proxy (concept/client_ip.py).

Behind nginx every request comes from the proxy's address, so django-axes locked a username
for everybody: five wrong passwords from anywhere locked the coordination out. With
``AXES_CLIENT_IP_CALLABLE = "concept.client_ip.client_ip"`` the lock-out is per username and
the client's address, as the README promises, and a forged ``X-Forwarded-For`` changes nothing.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from concept.client_ip import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"
PROXY = "127.0.0.1"
CALLABLE = "concept.client_ip.client_ip"


def attempt(client, username, password, forwarded_for, remote=PROXY):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def _lock(client, username, address):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "falsch", address)
    assert attempt(client, username, PASSWORD, address).status_code == 429


@override_settings(AXES_CLIENT_IP_CALLABLE=CALLABLE)
def test_lock_out_by_one_client_behind_the_proxy_does_not_lock_the_others(client, council):
    _lock(client, council.username, "203.0.113.5")
    client.logout()
    assert attempt(client, council.username, PASSWORD, "198.51.100.7").status_code == 302


@override_settings(AXES_CLIENT_IP_CALLABLE=CALLABLE)
def test_a_forged_forwarded_for_header_does_not_lift_the_lock(client, council):
    _lock(client, council.username, "203.0.113.5")
    # the client puts another address in front; nginx appends the real one
    forged = "198.51.100.7, 203.0.113.5"
    assert attempt(client, council.username, PASSWORD, forged).status_code == 429


def test_forwarded_for_counts_only_from_a_trusted_proxy():
    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert client_ip(direct) == "203.0.113.9"
    proxied = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    assert client_ip(proxied) == "203.0.113.9"
    without_header = factory.get("/", REMOTE_ADDR=PROXY)
    assert client_ip(without_header) == PROXY


@override_settings(TRUSTED_PROXY_IPS=["10.0.0.2", "10.0.0.3"])
def test_a_chain_of_trusted_proxies_is_skipped():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.9"
