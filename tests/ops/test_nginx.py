"""deploy/nginx in front of gunicorn, for real: TLS, redirect, proxy headers, request ids.

Runs the shipped server blocks in a private nginx (own prefix, free ports, a self-signed
certificate) in front of a production gunicorn.
"""

import json
import os
import re
import shutil
import ssl
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.ops.conftest import skip_or_fail
from tests.ops.processes import BASE_DIR, free_port, manage, wait_for, wait_for_port

HOST = "integration.laatzen.de"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url, host=HOST):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def nginx_in_front(sqlite_env, processes, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which("openssl") or not os.path.exists(nginx):
        skip_or_fail("nginx/openssl are not installed (apt-get install nginx)")
    manage("collectstatic", "--noinput", env=sqlite_env)
    web_port, http_port, https_port = free_port(), free_port(), free_port()
    env = sqlite_env | {"ALLOWED_HOSTS": HOST}
    web = processes.gunicorn("web", web_port, env)

    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", f"/CN={HOST}", "-keyout", str(tmp_path / "key.pem")]
        + ["-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    conf = (BASE_DIR / "deploy" / "nginx" / "laatzen-integration.conf").read_text()
    conf = conf.replace("127.0.0.1:8000", f"127.0.0.1:{web_port}")
    conf = re.sub(r"listen \[::\]:\d+[^;]*;", "", conf)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    conf = conf.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    conf = conf.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(tmp_path / "cert.pem"))
    conf = conf.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(tmp_path / "key.pem"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx-error.log;\n"
        "events {}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\n"
        f"proxy_temp_path {tmp_path};\n{conf}\n}}\n"
    )
    test = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert test.returncode == 0, test.stderr
    proxy = processes.start(
        "nginx",
        [nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        env,
    )
    wait_for_port(https_port, proxy)
    return web, http_port, https_port


def test_nginx_terminates_tls_and_django_sees_https(nginx_in_front):
    web, http_port, https_port = nginx_in_front
    status, headers, body = _get(f"http://127.0.0.1:{http_port}/konto/login/")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/konto/login/"

    status, headers, body = _get(f"https://127.0.0.1:{https_port}/konto/login/")
    assert status == 200  # no redirect loop: Django trusts X-Forwarded-Proto from nginx
    assert "secure" in headers["Set-Cookie"].lower()
    assert "Strict-Transport-Security" in headers
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed through
    wait_for(lambda: request_id in web.output(), timeout=10)
    logged = [json.loads(line) for line in web.output().splitlines() if request_id in line]
    access = [entry for entry in logged if "path" in entry]  # app log lines carry the id too
    assert access[0]["path"] == "/konto/login/"

    stylesheet = body.decode().split('href="/static/')[1].split('"')[0]
    status, headers, _ = _get(f"https://127.0.0.1:{https_port}/static/{stylesheet}")
    assert status == 200
    assert "immutable" in headers["Cache-Control"]

    status, _, body = _get(f"https://127.0.0.1:{https_port}/healthz")
    assert status == 200
    assert json.loads(body)["status"] == "ok"
