"""The files in deploy/ fit the application: commands exist, variables are read, TLS set up."""

import re
import secrets

import pytest

from tests.ops.processes import BASE_DIR, manage, production_env

DEPLOY = BASE_DIR / "deploy"
# Written by the participation app; the unit is ready before the command is merged.
COMMANDS_OF_OTHER_BRANCHES = {"send_reminders"}


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def _unit_commands():
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart=") and "manage.py" in line:
                yield unit.name, line.split("manage.py", 1)[1].split()[0]


@pytest.mark.parametrize(("unit", "command"), list(_unit_commands()))
def test_every_manage_command_of_the_systemd_units_exists(unit, command, tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = manage("help", command, env=env, check=False)
    if result.returncode != 0 and command in COMMANDS_OF_OTHER_BRANCHES:
        pytest.skip(f"{command} arrives with another branch")
    assert result.returncode == 0, f"{unit}: manage.py {command} is unknown"


def test_every_variable_of_the_env_example_is_read_by_the_application():
    sources = "".join(
        (BASE_DIR / path).read_text()
        for path in ("laatzen_integration/settings.py", "gunicorn.conf.py")
    )
    unread = [key for key in _env_example() if f'"{key}"' not in sources]
    assert unread == []


def test_the_env_example_is_a_clean_production_configuration(tmp_path):
    env = _env_example() | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(**env), check=False
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_nginx_passes_what_django_and_gunicorn_expect():
    conf = (DEPLOY / "nginx" / "laatzen-integration.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header Host $host;" in conf
    assert "proxy_set_header X-Request-ID $request_id;" in conf
    assert "return 301 https://" in conf
    upstream = re.search(r"upstream laatzen_web \{\s*server ([\d.:]+)", conf).group(1)
    assert upstream == _env_example()["GUNICORN_BIND"]
    # The proxy waits a little longer than gunicorn lets a request run.
    gunicorn_timeout = int(
        re.search(r'"GUNICORN_TIMEOUT", "(\d+)"', (BASE_DIR / "gunicorn.conf.py").read_text())[1]
    )
    assert int(re.search(r"proxy_read_timeout (\d+)s", conf)[1]) > gunicorn_timeout


def test_the_timers_start_their_services_daily():
    for name in ("laatzen-reminders", "laatzen-backup", "laatzen-privacy"):
        timer = (DEPLOY / "systemd" / f"{name}.timer").read_text()
        assert re.search(r"^OnCalendar=\*-\*-\* \d\d:\d\d:00 Europe/Berlin$", timer, re.M)
        assert "Persistent=true" in timer
        assert (DEPLOY / "systemd" / f"{name}.service").is_file()
    recover = (DEPLOY / "systemd" / "laatzen-recover-tasks.timer").read_text()
    assert "OnUnitActiveSec=5min" in recover


def test_env_file_means_the_same_to_systemd_and_to_manage_py():
    """/etc/laatzen/env is systemd's EnvironmentFile and, linked as .env, read by settings."""
    import os

    import environ

    saved = dict(os.environ)
    try:
        for key in _env_example():
            os.environ.pop(key, None)
        environ.Env.read_env(DEPLOY / "env.example", overwrite=True)
        assert {key: os.environ[key] for key in _env_example()} == _env_example()
    finally:
        os.environ.clear()
        os.environ.update(saved)
