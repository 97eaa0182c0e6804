"""Fixtures for tests that run the application in real processes."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.ops.processes import Processes, manage, production_env
from tests.ops.state import ProcessState

IN_CI = bool(os.environ.get("CI"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/ops/" in str(item.fspath):
            item.add_marker(pytest.mark.ops)


def skip_or_fail(reason: str):
    """Outside CI a missing service skips the test; in CI it is an error."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this is an error)")
    pytest.skip(reason)


@pytest.fixture
def processes(tmp_path):
    group = Processes(log_dir=tmp_path)
    yield group
    group.stop_all()


@pytest.fixture
def process_state(django_db_blocker):
    """``process_state(env)``: the processes' database and queue, read through this test's own
    connection (``tests/ops/state.py``); closed at the end of the test."""
    opened = []

    def open_state(env: dict[str, str]) -> ProcessState:
        opened.append(ProcessState(env, django_db_blocker))
        return opened[-1]

    yield open_state
    for state in opened:
        state.close()


@pytest.fixture
def media_root(tmp_path):
    path = tmp_path / "media"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A migrated SQLite file, made once per test process; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "db.sqlite3"
    manage("migrate", "--noinput", env=production_env(DATABASE_URL=f"sqlite:///{path}"))
    return path


@pytest.fixture
def sqlite_env(tmp_path, media_root, migrated_sqlite):
    """A production environment on a migrated SQLite file of its own."""
    import shutil

    shutil.copyfile(migrated_sqlite, tmp_path / "db.sqlite3")
    return production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(tmp_path / "static"),
    )


def _postgres_server() -> dict | None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        return {k: db.get(k) or "" for k in ("USER", "PASSWORD", "HOST", "PORT")}
    url = os.environ.get("OPS_POSTGRES_URL") or (
        "postgres://postgres@127.0.0.1:5432/postgres" if IN_CI else ""
    )
    if not url:
        return None
    from laatzen_integration.env import database_config

    config = database_config(url)
    return {k: str(config.get(k) or "") for k in ("USER", "PASSWORD", "HOST", "PORT")}


class PostgresDatabases:
    """Creates fresh PostgreSQL databases on the test server and drops them afterwards."""

    def __init__(self, server: dict):
        self.server = server
        self.created: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(
            dbname="postgres",
            user=self.server["USER"] or None,
            password=self.server["PASSWORD"] or None,
            host=self.server["HOST"] or None,
            port=self.server["PORT"] or None,
            autocommit=True,
        )

    def url(self, name: str) -> str:
        auth = quote(self.server["USER"] or "postgres")
        if self.server["PASSWORD"]:
            auth += ":" + quote(self.server["PASSWORD"])
        host = self.server["HOST"] or "127.0.0.1"
        port = self.server["PORT"] or "5432"
        return f"postgres://{auth}@{host}:{port}/{name}"

    def create(self, prefix: str = "ops", template: str | None = None) -> str:
        """A new database; a copy of ``template`` (a database name) if given."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        self.created.append(name)
        return self.url(name)

    def connect(self, url: str):
        import psycopg

        return psycopg.connect(url.replace("postgres://", "postgresql://", 1))

    def drop_all(self) -> None:
        with self._admin() as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _databases() -> PostgresDatabases:
    server = _postgres_server()
    if server is None:
        skip_or_fail("PostgreSQL is not configured (DATABASE_URL or OPS_POSTGRES_URL)")
    databases = PostgresDatabases(server)
    try:
        databases._admin().close()
    except Exception as exc:
        skip_or_fail(f"PostgreSQL is not reachable: {exc}")
    return databases


@pytest.fixture
def postgres_databases():
    databases = _databases()
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def postgres_templates():
    """Template databases made once per test process: ``migrated``, and ``demo`` (migrated
    plus ``loaddemo``, which writes no files). Creating a database from one is a file copy,
    far quicker than running the migrations (or the demo) again for every test."""
    databases = _databases()
    templates = {}

    def template(kind: str) -> str:
        if kind not in templates:
            url = databases.create(f"ops_tmpl_{kind}")
            env = production_env(DATABASE_URL=url)
            manage("migrate", "--noinput", env=env)
            if kind == "demo":
                manage("loaddemo", "--force", env=env)
            templates[kind] = url.rpartition("/")[2]
        return templates[kind]

    yield template
    databases.drop_all()


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_server():
    """Base URL of a Redis: the running one (OPS_REDIS_URL, default 127.0.0.1:6379), or a
    private redis-server started for the session; skipped (an error in CI) without both."""
    import shutil
    import subprocess
    import time

    from tests.ops.processes import free_port

    base = os.environ.get("OPS_REDIS_URL", "redis://127.0.0.1:6379")
    if _redis_answers(base):
        yield base
        return
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail(
            f"No Redis at {base} and no redis-server to start (apt-get install redis-server)"
        )
    port = free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    base = f"redis://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while not _redis_answers(base):
        if time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"redis-server on port {port} did not start")
        time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(10)


@pytest.fixture
def redis_url(redis_server):
    """A Redis database of its own (index 1–15), empty at the start and emptied afterwards.

    Parallel test runs on one Redis must not hand their jobs to each other's workers. The
    lock that reserves an index lives in database 0, which is never handed out: a test that
    empties its own database (``cluster_demo.py`` does) cannot drop its reservation, and no
    other test can take that index meanwhile.
    """
    import redis

    locks = redis.Redis.from_url(f"{redis_server}/0")
    for index in range(15, 0, -1):
        lock = f"laatzen:ops-test-redis-db:{index}"
        if not locks.set(lock, "1", nx=True, ex=1800):
            continue
        client = redis.Redis.from_url(f"{redis_server}/{index}")
        client.flushdb()  # what a run that was killed left behind
        try:
            yield f"{redis_server}/{index}"
        finally:
            client.flushdb()
            locks.delete(lock)
        return
    skip_or_fail("No free Redis database index (1–15)")


@pytest.fixture
def postgres_env(postgres_databases, postgres_templates, media_root):
    """A production environment on a fresh, migrated PostgreSQL database of its own."""
    url = postgres_databases.create("ops_pg", template=postgres_templates("migrated"))
    return production_env(DATABASE_URL=url, MEDIA_ROOT=str(media_root))


@pytest.fixture
def demo_postgres_env(postgres_databases, postgres_templates, media_root):
    """As ``postgres_env``, holding the demo data of ``make run`` (``loaddemo``)."""
    url = postgres_databases.create("ops_demo", template=postgres_templates("demo"))
    return production_env(DATABASE_URL=url, MEDIA_ROOT=str(media_root))
