"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from laatzen_integration.env import database_config

BASE_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "url",
    [
        "not-a-url",
        "postgress://postgres@127.0.0.1:5432/db",
        "mysql://root@localhost/db",
        "postgres://postgres@127.0.0.1:5432/",
        "postgres://postgres@127.0.0.1:notaport/db",
    ],
)
def test_malformed_database_url_fails_loudly(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config(url)


def test_valid_database_urls_are_parsed():
    pg = database_config("postgres://postgres@127.0.0.1:5432/laatzen")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert pg["NAME"] == "laatzen"
    assert pg["CONN_HEALTH_CHECKS"] is True
    lite = database_config("sqlite:////tmp/x.sqlite3")
    assert lite["ENGINE"] == "django.db.backends.sqlite3"


def _manage(*args, **env):
    stripped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in stripped}
    full_env.update(env)
    full_env["DJANGO_SETTINGS_MODULE"] = "laatzen_integration.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_stops_on_a_malformed_database_url():
    result = _manage("check", DEBUG="true", DATABASE_URL="postgress://oops")
    assert result.returncode != 0
    assert "DATABASE_URL is malformed" in result.stderr


def test_production_settings_require_a_secret_key():
    result = _manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="integration.example.org",
        SITE_URL="https://integration.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_site_url_is_not_a_served_host():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="integration.example.org",
        SITE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr


def test_branding_comes_from_settings(client, coordinator, settings):
    settings.MUNICIPALITY_NAME = "Gemeinde Musterhausen"
    client.force_login(coordinator)
    assert "Gemeinde Musterhausen" in client.get("/").content.decode()


def test_german_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"
