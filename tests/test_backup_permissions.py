"""`make backup` writes dumps that only their owner can read (they hold password hashes)."""

import stat

import pytest

from core.ops import backup as ops_backup


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db
def test_backup_files_are_readable_by_their_owner_only(tmp_path, settings):
    media = tmp_path / "media"
    (media / "renders").mkdir(parents=True)
    (media / "renders" / "paper.pdf").write_bytes(b"%PDF-1.7")
    settings.MEDIA_ROOT = str(media)
    target = tmp_path / "backups"
    target.mkdir(mode=0o755)
    target.chmod(0o755)

    written = ops_backup.backup(target, json=True)  # the engine-neutral dump, also on PG

    assert {path.suffix for path in written} == {".json", ".gz"}
    assert mode(target) == 0o750  # others lose access; the operator's group stays
    for path in written:
        assert mode(path) == 0o600, path


@pytest.mark.django_db
def test_backup_leaves_the_process_umask_unchanged(tmp_path, settings):
    import os

    settings.MEDIA_ROOT = str(tmp_path / "missing")
    previous = os.umask(0o022)
    try:
        written = ops_backup.backup(tmp_path / "new" / "backups", json=True)
        assert os.umask(0o022) == 0o022
        assert mode(tmp_path / "new" / "backups") == 0o700
        assert [mode(path) for path in written] == [0o600]
    finally:
        os.umask(previous)
