"""TASKS_BACKEND chooses the queue; a real worker process runs the task in either case."""

import pytest

from tests.ops.processes import manage, production_env


def test_rq_backend_runs_a_task_in_a_real_worker_process(sqlite_env, redis_url, processes):
    env = sqlite_env | {"TASKS_BACKEND": "rq", "REDIS_URL": redis_url}
    worker = processes.manage(
        "rqworker", "rqworker", "--job-class", "django_tasks_rq.Job", "default", env=env
    )
    result = manage("ops_ping", "--wait", "60", env=env, check=False)
    assert result.returncode == 0, result.stderr + worker.output() + worker.errors()
    assert "ok: 1 Aufgabe(n) ausgeführt von" in result.stdout
    # The worker stored its proof in the shared storage, and ops_ping read and removed it.
    assert _files(env) == []
    processes.stop(worker)


def test_db_backend_runs_a_task_in_a_real_worker_process(sqlite_env, processes):
    worker = processes.manage("db_worker", "db_worker", env=sqlite_env)
    result = manage("ops_ping", "--wait", "60", env=sqlite_env, check=False)
    assert result.returncode == 0, result.stderr + worker.output() + worker.errors()
    assert "ok: 1 Aufgabe(n) ausgeführt von" in result.stdout


@pytest.mark.parametrize("backend", ["db", "rq"])
def test_the_worker_command_runs_the_configured_backend(backend, sqlite_env, processes, request):
    env = sqlite_env | {"TASKS_BACKEND": backend, "INSTANCE_NAME": f"worker-{backend}"}
    if backend == "rq":
        env["REDIS_URL"] = request.getfixturevalue("redis_url")
        request.addfinalizer(processes.stop_all)  # before redis_url empties the database
    worker = processes.manage("worker", "worker", env=env)
    result = manage("ops_ping", "--wait", "60", env=env, check=False)
    assert result.returncode == 0, result.stderr + worker.output() + worker.errors()
    assert f"ausgeführt von worker-{backend}" in result.stdout


def test_ops_ping_fails_clearly_without_a_worker(sqlite_env):
    result = manage("ops_ping", "--wait", "1", env=sqlite_env, check=False)
    assert result.returncode == 1
    assert "Kein Worker hat die Aufgabe ping" in result.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"TASKS_BACKEND": "rq"}, "TASKS_BACKEND=rq needs REDIS_URL"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be 'db' or 'rq'"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be 'json' or 'text'"),
    ],
)
def test_bad_operations_settings_stop_start_up(variables, message):
    env = production_env(DATABASE_URL="sqlite:////tmp/never-created.sqlite3", **variables)
    result = manage("check", env=env, check=False)
    assert result.returncode != 0
    assert message in result.stderr


def test_storage_backend_and_options_come_from_the_environment(tmp_path):
    env = production_env(
        DATABASE_URL="sqlite:////tmp/never-created.sqlite3",
        STORAGE_BACKEND="django.core.files.storage.FileSystemStorage",
        STORAGE_OPTIONS=f'{{"location": "{tmp_path}"}}',
    )
    code = "from django.core.files.storage import default_storage as s; print(s.location)"
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path)


def _files(env):
    from pathlib import Path

    return [p for p in Path(env["MEDIA_ROOT"]).rglob("*") if p.is_file()]


def test_queue_dashboard_is_in_the_admin_with_rq(tmp_path):
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/0",
        LOG_FORMAT="text",
    )
    code = (
        "from django.contrib import admin; from django_rq.models import Dashboard; "
        "print(admin.site.is_registered(Dashboard))"
    )
    assert manage("shell", "-c", code, env=env).stdout.strip().endswith("True")


def test_mails_of_separate_processes_can_be_counted(tmp_path):
    """EMAIL_URL=filemail:///dir: what reminder tests on several hosts count."""
    from tests.ops.processes import read_mails

    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL=f"filemail://{tmp_path / 'mails'}",
    )
    manage("sendtestemail", "a@example.org", env=env)
    manage("sendtestemail", "b@example.org", env=env)
    assert sorted(m["To"] for m in read_mails(tmp_path / "mails")) == [
        "a@example.org",
        "b@example.org",
    ]
