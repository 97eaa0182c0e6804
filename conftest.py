"""Fixtures shared by every app's tests: one user per role and their actors."""

import http.server
import os
import threading

import pytest

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory

# Subprocesses the tests start (manage.py, gunicorn, workers) ignore a checkout's .env too.
os.environ["DJANGO_DOT_ENV"] = "off"


def _is_transactional_item(item) -> bool:
    """Whether the test runs without a transaction of its own (and flushes afterwards)."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "live_server" in names
        or "transactional_db" in names
        or bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or bool(marker and marker.kwargs.get("reset_sequences"))
    )


def _is_transactional(request) -> bool:
    return _is_transactional_item(request.node)


def _delete_instead_of_truncate() -> None:
    """Transactional tests on PostgreSQL end with a flush: DELETE, not TRUNCATE.

    A TRUNCATE of every table (about a second on an empty test database; seconds after the
    demo data) makes new files for each table and index; a DELETE of the few rows a test
    wrote costs milliseconds. The flush runs in one transaction and the foreign keys Django
    creates are deferred, so the order of the tables does not matter. A flush that resets
    sequences (``reset_sequences=True``) still truncates.
    """
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations
    except ImportError:  # no psycopg: no PostgreSQL either
        return
    truncate = DatabaseOperations.sql_flush
    if getattr(truncate, "deletes", False):
        return

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} "
            f"{style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]

    sql_flush.deletes = True
    DatabaseOperations.sql_flush = sql_flush


_delete_instead_of_truncate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Request limits count in the cache (concept.throttle): each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


def _restore_migrations_data() -> None:
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


@pytest.fixture(autouse=True)
def migrations_data(request):
    """Put the data migrations' rows (seven action fields, role groups) back.

    Transactional tests (live_server, real worker processes) end with a flush that also removes
    what data migrations created, so a later transactional test would find no action fields.
    """
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    _restore_migrations_data()


@pytest.fixture(autouse=True)
def branding_cache(empty_cache):
    """Every test starts without a saved municipality profile in the (process-wide) cache
    (after the cache was emptied: hence the dependency on ``empty_cache``).

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


class _DemoDatabase:
    """The demo data of ``make run``, loaded once per test process and shared by the sweeps.

    ``loaddemo`` costs seconds of CPU (it writes through the services, history and all, and
    renders two PDFs). It runs inside a transaction opened on the first test that asks for
    ``demo_data``; each such test then runs in a savepoint within it (pytest-django's ``db``),
    so nothing one test writes reaches the next. The transaction is rolled back before any
    other database test runs (``pytest_runtest_setup``), and the demo tests are sorted to the
    end of the run (``pytest_collection_modifyitems``), so that happens at most once.
    """

    atomic = None

    def load(self, blocker) -> None:
        from django.core.management import call_command
        from django.db import transaction

        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                # a transactional test that ran before ended with a flush, which removed what
                # the data migrations created (the seven fields, the role groups)
                _restore_migrations_data()
                call_command("loaddemo", force=True, verbosity=0)
            except BaseException:
                self.drop(blocker)
                raise

    def drop(self, blocker) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        atomic, self.atomic = self.atomic, None
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_demo_database = _DemoDatabase()


def _uses_shared_demo(item) -> bool:
    return "demo_data" in getattr(item, "fixturenames", ()) and not _is_transactional_item(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Demo sweeps last: the shared demo data is loaded once per process, not once per test.

    A test that uses ``demo_data`` gets the database through it, at run time; pytest-django
    decides at collection which databases to create, from the markers and the fixtures named
    in the signature: the marker tells it (else a run of demo sweeps alone had no test
    database and loaded the demo into the development database's file)."""
    for item in items:
        if "demo_data" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "django_db"
        ):
            item.add_marker(pytest.mark.django_db(transaction=_is_transactional_item(item)))
    items.sort(key=_uses_shared_demo)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Any other test starts on a database without the shared demo data."""
    if _demo_database.atomic is not None and not _uses_shared_demo(item):
        from pytest_django.plugin import blocking_manager_key

        _demo_database.drop(item.config.stash[blocking_manager_key])


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker):
    """Rolls the shared demo data back before the test database is destroyed."""
    yield
    _demo_database.drop(django_db_blocker)


@pytest.fixture
def _shared_demo(request, django_db_blocker):
    """Loads the shared demo data (if this test asks for it) before the test's transaction."""
    if not _uses_shared_demo(request.node):
        return
    from django.db import connection

    request.getfixturevalue("_demo_session")
    if _demo_database.atomic is None and not connection.in_atomic_block:
        _demo_database.load(django_db_blocker)


@pytest.fixture
def _django_db_helper(_shared_demo, _django_db_helper):
    """pytest-django's set-up of ``db`` and ``django_db``, after ``_shared_demo``: the
    shared demo transaction must enclose the test's own, whatever asked for the database
    first (a ``django_db`` marker, ``db``, a fixture listed before ``demo_data``)."""
    return _django_db_helper


@pytest.fixture
def demo_data(request, settings):
    """The demo data of `make run` (loaddemo), as a newcomer sees it.

    Shared by all tests of a process (see ``_DemoDatabase``); loaded for the test alone where
    that is impossible (a transactional test, or one inside another module-wide transaction).
    """
    from django.core.management import call_command

    settings.DEBUG = True
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    if _demo_database.atomic is None:
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
