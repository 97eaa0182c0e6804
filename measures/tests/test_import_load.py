"""Bounded work: a file over the limits is refused before it is read, the preview of the
largest allowed file holds no lock (other users keep working), and uploads do not pile up."""

import io
import os
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from concept.tests.factories import ActorFactory, UserFactory
from measures import services
from measures.importing import storage
from measures.importing.measures import MeasureImporter
from measures.models import Measure

from .factories import MeasureFactory

UPLOAD = reverse("measures:import")
PREVIEW = reverse("measures:import_preview")


def big_csv(rows: int) -> bytes:
    lines = ["Maßnahmenplan Integration 2025", "Nr;Maßnahme;Handlungsfeld;Federführung;Kosten (€)"]
    lines += [
        f";Maßnahme {i};{i % 7 + 1};Caritasverband Musterhausen e.V.;1.234,56" for i in range(rows)
    ]
    return "\r\n".join(lines).encode("cp1252")


@pytest.mark.django_db
def test_a_file_with_more_rows_than_allowed_is_refused_with_a_clear_message(
    client, coordinator, settings
):
    settings.IMPORT_MAX_ROWS = 50
    client.force_login(coordinator)
    response = client.post(
        UPLOAD, {"kind": "measures", "file": SimpleUploadedFile("plan.csv", big_csv(51))}
    )
    assert response.status_code == 400
    assert "Die Datei hat mehr als 50 Zeilen" in response.content.decode()
    assert storage.SESSION_KEY not in client.session


@pytest.mark.django_db(transaction=True)
def test_other_users_keep_working_while_the_largest_allowed_file_is_previewed(
    settings, monkeypatch
):
    """The preview reads and computes; it writes nothing and holds no transaction. Half-way
    through the preview another user logs in and a measure is saved: both work (on SQLite a
    held write lock would make them fail with "database table is locked")."""
    ActorFactory(name="Caritasverband Musterhausen e.V.")
    coordinator = UserFactory(username="koordination-last", role="Koordination", is_staff=True)
    other = UserFactory(username="kollegin", password="ein-langes-passwort-123")
    measure = MeasureFactory()
    data = big_csv(settings.IMPORT_MAX_ROWS)
    importer = Client()
    importer.force_login(coordinator)
    assert (
        importer.post(
            UPLOAD, {"kind": "measures", "file": SimpleUploadedFile("p.csv", data)}
        ).status_code
        == 302
    )

    half_way, other_done = threading.Event(), threading.Event()
    original = MeasureImporter._row
    calls = {"n": 0}

    def row(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == settings.IMPORT_MAX_ROWS // 2:
            half_way.set()
            assert other_done.wait(60), "the other user's requests did not finish"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MeasureImporter, "_row", row)
    result = {}

    def preview():
        try:
            result["response"] = importer.get(PREVIEW)
        finally:
            connection.close()

    thread = threading.Thread(target=preview)
    thread.start()
    try:
        assert half_way.wait(120), "the preview did not start"
        started = time.monotonic()
        user = Client()
        response = user.post(
            reverse("login"), {"username": "kollegin", "password": "ein-langes-passwort-123"}
        )
        assert response.status_code == 302, response.content.decode()[-500:]
        services.measure_update(
            measure=measure, user=other, values={"title": "Gespeichert während des Imports"}
        )
        assert time.monotonic() - started < 10
    finally:
        other_done.set()
        thread.join(300)
    assert result["response"].status_code == 200
    plan = result["response"].context["plan"]
    assert len(plan.rows) == settings.IMPORT_MAX_ROWS and plan.is_valid
    assert Measure.objects.get(pk=measure.pk).title == "Gespeichert während des Imports"
    assert Measure.objects.count() == 1
    assert get_user_model().objects.get(username="kollegin").last_login is not None


@pytest.mark.django_db
def test_the_upload_is_removed_when_the_import_is_abandoned(client, coordinator):
    ActorFactory(name="Caritasverband Musterhausen e.V.")
    client.force_login(coordinator)
    client.post(UPLOAD, {"kind": "measures", "file": SimpleUploadedFile("p.csv", big_csv(3))})
    path = client.session[storage.SESSION_KEY]["path"]
    assert default_storage.exists(path)
    response = client.post(PREVIEW, {"action": "abandon"})
    assert response.status_code == 302
    assert not default_storage.exists(path) and storage.SESSION_KEY not in client.session
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_the_recovery_job_removes_uploads_older_than_a_day(client, coordinator):
    from django.core.management import call_command

    client.force_login(coordinator)
    client.post(UPLOAD, {"kind": "measures", "file": SimpleUploadedFile("p.csv", big_csv(3))})
    fresh = client.session[storage.SESSION_KEY]["path"]
    forgotten = default_storage.save(f"{storage.FOLDER}/vergessen.xlsx", io.BytesIO(b"x"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(forgotten), (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("recover_tasks", stdout=out)
    assert not default_storage.exists(forgotten)
    assert default_storage.exists(fresh)
    assert "Liegengebliebene Importdateien: 1" in out.getvalue()
    default_storage.delete(fresh)
