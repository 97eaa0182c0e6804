"""A measure's document is part of a backup (row in the dump, file in the media archive) and
comes back with a restore, byte for byte (the hash proves it)."""

from __future__ import annotations

import hashlib
import json
import tarfile

import pytest

from core.ops import backup as ops_backup

from .factories import PDF_BYTES, MeasureFactory, measure_document


@pytest.mark.django_db
def test_document_survives_backup_and_restore(settings, tmp_path, monkeypatch, coordinator):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = measure_document(MeasureFactory(), user=coordinator)
    dump, archive = ops_backup.backup(tmp_path / "sicherung", json=True)  # also on PostgreSQL

    rows = [r for r in json.loads(dump.read_text()) if r["model"] == "measures.measuredocument"]
    assert [(r["fields"]["filename"], r["fields"]["sha256"]) for r in rows] == [
        ("Förderbescheid.pdf", document.sha256)
    ]
    with tarfile.open(archive) as tar:
        assert f"./{document.file.name}" in tar.getnames()

    # the file is lost; a restore brings it back (the database part is tested in tests/ops,
    # it needs an empty database)
    stored = settings.MEDIA_ROOT / document.file.name
    stored.unlink()
    monkeypatch.setattr(ops_backup, "_load_json", lambda dump: None)
    ops_backup.restore(dump)
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == document.sha256
    assert stored.read_bytes() == PDF_BYTES
