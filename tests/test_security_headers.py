"""The production settings send the security headers on a real response, CSP included.

``manage.py check --deploy`` (concept/tests/test_settings.py) only reads the settings; this
test starts Django with the production settings in a fresh process and looks at what a
browser actually receives.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
setup_test_environment()
# Only the static files storage differs: the manifest needs collectstatic, not the point here.
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    response = Client(SERVER_NAME="integration.example.org").get("/konto/login/", secure=True)
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "cookies": {k: dict(v) for k, v in response.cookies.items()}}))
"""


def _production_response(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="laatzen_integration.settings",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="integration.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOG_FORMAT="text",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_response_carries_csp_hsts_and_secure_cookies(tmp_path):
    response = _production_response(tmp_path)
    assert response["status"] == 200
    headers = response["headers"]
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    csrf = response["cookies"]["csrftoken"]
    assert csrf["secure"] is True
