"""The production profile works as documented: gunicorn config, JSON logs, TLS proxy, static."""

import json
import urllib.error
import urllib.request

import pytest

from tests.ops.processes import free_port, manage, wait_for


def _get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def production_server(sqlite_env, processes):
    manage("collectstatic", "--noinput", env=sqlite_env)
    port = free_port()
    server = processes.gunicorn("web", port, sqlite_env)
    return f"http://127.0.0.1:{port}", server


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
