"""The production profile works as documented: gunicorn config, JSON logs, TLS proxy, static."""

import json
import shutil
import urllib.error
import urllib.request

import pytest

from tests.ops.processes import Processes, free_port, manage, production_env, wait_for


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, migrated_sqlite):
    """One gunicorn for the module: migrated SQLite file, collected static files."""
    tmp = tmp_path_factory.mktemp("production")
    shutil.copyfile(migrated_sqlite, tmp / "db.sqlite3")
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp / "media"),
        STATIC_ROOT=str(tmp / "static"),
    )
    manage("collectstatic", "--noinput", env=env)
    group = Processes(log_dir=tmp)
    port = free_port()
    server = group.gunicorn("web", port, env)
    yield f"http://127.0.0.1:{port}", server
    group.stop_all()


def test_gunicorn_with_the_config_file_serves_healthz_and_logs_json(production_server):
    base, server = production_server
    status, headers, body = _get(f"{base}/healthz")
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "tasks": "ok", "storage": "ok"},
    }
    proxied = {"X-Forwarded-Proto": "https", "Host": "integration.example.org"}
    status, headers, _ = _get(f"{base}/konto/login/", proxied | {"X-Request-ID": "req-12345678"})
    assert status == 200
    assert headers["X-Request-ID"] == "req-12345678"

    # gunicorn writes the access line after the response has gone out.
    wait_for(lambda: '"/konto/login/"' in server.output(), timeout=10)
    lines = [line for line in server.output().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert {"path": "/healthz", "status": 200} in [
        {"path": e["path"], "status": e["status"]} for e in access
    ]
    login = next(e for e in access if e["path"] == "/konto/login/")
    assert login["request_id"] == "req-12345678"
    # gunicorn's own messages (start-up, workers) are JSON as well.
    assert all(json.loads(line) for line in server.errors().splitlines() if line.startswith("{"))


def test_plain_http_is_redirected_to_https_behind_the_proxy(production_server):
    base, _ = production_server
    status, headers, _ = _get(f"{base}/konto/login/", {"Host": "integration.example.org"})
    assert status == 301
    assert headers["Location"] == "https://integration.example.org/konto/login/"


def test_secure_cookies_and_static_files_with_long_cache(production_server):
    base, _ = production_server
    proxied = {"X-Forwarded-Proto": "https", "Host": "integration.example.org"}
    status, headers, body = _get(f"{base}/konto/login/", proxied)
    assert "secure" in headers["Set-Cookie"].lower()
    assert "Strict-Transport-Security" in headers
    stylesheet = body.decode().split('href="/static/')[1].split('"')[0]
    status, headers, _ = _get(f"{base}/static/{stylesheet}", proxied)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]  # whitenoise, hashed file name


def test_application_logs_are_one_json_object_per_line(sqlite_env):
    result = manage("ops_ping", "--wait", "0", env=sqlite_env, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines
    entry = json.loads(lines[0])
    assert {"time", "level", "logger", "message", "request_id"} <= entry.keys()


def test_reload_replaces_workers_without_failing_requests(production_server):
    """`systemctl reload laatzen-web` sends HUP: new workers, no failed request."""
    import signal
    import time

    base, server = production_server
    booted = server.errors().count("Booting worker")
    server.popen.send_signal(signal.SIGHUP)
    statuses = []
    deadline = time.monotonic() + 30
    while server.errors().count("Booting worker") < booted + 2 and time.monotonic() < deadline:
        statuses.append(_get(f"{base}/healthz")[0])
    statuses += [_get(f"{base}/healthz")[0] for _ in range(5)]
    assert server.errors().count("Booting worker") >= booted + 2  # both workers replaced
    assert set(statuses) == {200}
