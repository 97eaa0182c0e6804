"""/healthz tells load balancers whether database, task queue and storage work."""

import json

import pytest

HEALTHY = {"status": "ok", "checks": {"database": "ok", "tasks": "ok", "storage": "ok"}}


@pytest.mark.django_db
def test_healthz_reports_every_component_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == HEALTHY
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_answers_probes_by_address_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["integration.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    # …while every other page still checks the host and redirects to HTTPS.
    assert client.get("/konto/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/konto/login/", HTTP_HOST="integration.example.org").status_code == 301


@pytest.mark.django_db
def test_healthz_leaves_no_file_in_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.get("/healthz")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_broken_storage_gives_503_without_details(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {
        "status": "fail",
        "checks": {"database": "ok", "tasks": "ok", "storage": "fail"},
    }


@pytest.mark.django_db
def test_database_task_queue_is_checked_with_the_db_backend(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert json.loads(client.get("/healthz").content) == HEALTHY


@pytest.mark.django_db
def test_unreachable_redis_gives_503(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0"}}  # discard port: closed
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["tasks"] == "fail"


@pytest.mark.django_db
def test_unreachable_database_gives_503(client, monkeypatch):
    from core.ops import health

    def broken():
        raise OSError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"connection refused" not in response.content
    assert json.loads(response.content)["checks"]["database"] == "fail"


def test_request_id_is_returned_and_invalid_ids_are_replaced(client, db):
    response = client.get("/konto/login/", HTTP_X_REQUEST_ID="abc-12345678")
    assert response["X-Request-ID"] == "abc-12345678"
    response = client.get("/konto/login/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_queue_dashboard_in_admin_only_with_redis():
    from django.contrib import admin
    from django_rq.models import Dashboard

    # The test settings use TASKS_BACKEND=db: no dashboard pointing at a Redis that isn't there.
    assert not admin.site.is_registered(Dashboard)
