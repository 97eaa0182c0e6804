"""Fixtures shared by every app's tests: one user per role and their actors."""

import http.server
import os
import threading

import pytest

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory

# Subprocesses the tests start (manage.py, gunicorn, workers) ignore a checkout's .env too.
os.environ["DJANGO_DOT_ENV"] = "off"


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "live_server" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Request limits count in the cache (concept.throttle): each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def migrations_data(request):
    """Put the data migrations' rows (seven action fields, role groups) back.

    Transactional tests (live_server, real worker processes) end with a flush that also removes
    what data migrations created, so a later transactional test would find no action fields.
    """
    if not _is_transactional(request):
        return
    from importlib import import_module

    from django.apps import apps

    request.getfixturevalue("transactional_db")
    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


@pytest.fixture(autouse=True)
def branding_cache():
    """Every test starts without a saved municipality profile in the (process-wide) cache.

    The database of a test has none either, so no query is needed to know it: pages keep the
    query counts they assert.
    """
    from concept import branding

    branding.assume_no_profile()
    yield
    branding.assume_no_profile()


@pytest.fixture
def coordinator(db):
    return UserFactory(username="koordination-test", role=roles.COORDINATOR, is_staff=True)


@pytest.fixture
def own_actor(db):
    return ActorFactory(name="Eigener Verein")


@pytest.fixture
def other_actor(db):
    return ActorFactory(name="Anderer Verein")


@pytest.fixture
def actor_member(own_actor):
    """A member of ``own_actor``: may report on measures that actor leads."""
    return MembershipFactory(actor=own_actor, user__username="akteur-test").user


@pytest.fixture
def other_member(other_actor):
    return MembershipFactory(actor=other_actor, user__username="akteur-anders").user


@pytest.fixture
def council(db):
    return UserFactory(username="rat-test", role=roles.COUNCIL)


@pytest.fixture
def demo_data(db, settings):
    """The demo data of `make run` (loaddemo), as a newcomer sees it."""
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("loaddemo", verbosity=0)


@pytest.fixture
def users(coordinator, actor_member, council):
    """Role name -> user (None for anonymous), for permission matrices."""
    return {
        "coordinator": coordinator,
        "actor": actor_member,
        "council": council,
        "anonymous": None,
    }


@pytest.fixture
def counting_server():
    """A local HTTP server that counts requests: proves a renderer fetched nothing."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
