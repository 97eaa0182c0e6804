"""`make run` leaves a checkout in which `manage.py <command>` typed by hand just works."""

import shutil
import subprocess
from pathlib import Path

import pytest

from core.checks import site_url_is_served

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _local_env(directory: Path, **variables: str) -> str:
    shutil.copy(BASE_DIR / "Makefile", directory / "Makefile")
    args = [f"{key}={value}" for key, value in variables.items()]
    subprocess.run(["make", "-s", "-C", str(directory), "local-env", *args], check=True)
    return (directory / ".env").read_text()


def test_make_run_writes_debug_and_its_own_address_for_commands_typed_by_hand(tmp_path):
    env = _local_env(tmp_path, HOST="127.0.0.1", PORT="8101")
    assert "DEBUG=true" in env.splitlines()
    assert "SITE_URL=http://127.0.0.1:8101" in env.splitlines()


def test_another_port_next_time_moves_the_links_along(tmp_path):
    _local_env(tmp_path, PORT="8101")
    env = _local_env(tmp_path, PORT="8102")
    assert "SITE_URL=http://127.0.0.1:8102" in env.splitlines()
    assert "8101" not in env


def test_a_env_file_of_ones_own_is_never_touched(tmp_path):
    (tmp_path / ".env").write_text("DATABASE_URL=postgres://me@db/prod\n")
    assert _local_env(tmp_path, PORT="8101") == "DATABASE_URL=postgres://me@db/prod\n"


def test_system_check_warns_when_links_would_lead_to_a_host_not_served(settings):
    settings.ALLOWED_HOSTS = ["integration.example.org"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [message.id for message in site_url_is_served()] == ["core.W001"]
    settings.SITE_URL = "https://integration.example.org"
    assert site_url_is_served() == []
