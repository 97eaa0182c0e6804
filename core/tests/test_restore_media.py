"""A restore makes the file storage what it was at the backup: nothing newer stays."""

import tarfile

from core.ops.backup import restore_media


def _archive(source, target):
    with tarfile.open(target, "w:gz") as tar:
        tar.add(source, arcname=".")
    return target


def test_files_made_after_the_backup_are_removed_and_changed_ones_come_back(tmp_path):
    media = tmp_path / "media"
    (media / "papers").mkdir(parents=True)
    (media / "papers" / "2026-12.pdf").write_bytes(b"paper at backup time")
    (media / "keep.txt").write_text("kept")
    archive = _archive(media, tmp_path / "backup.media.tar.gz")

    (media / "papers" / "2026-12.pdf").write_bytes(b"rendered again later")
    (media / "papers" / "2027-01.pdf").write_bytes(b"made after the backup")
    (media / "measure-imports" / "x").mkdir(parents=True)
    (media / "measure-imports" / "x" / "upload.csv").write_text("later")

    removed = restore_media(archive, media)

    assert removed == 2
    assert (media / "papers" / "2026-12.pdf").read_bytes() == b"paper at backup time"
    assert (media / "keep.txt").read_text() == "kept"
    assert not (media / "papers" / "2027-01.pdf").exists()
    assert not (media / "measure-imports").exists()  # empty folders go too


def test_restore_works_in_place_on_a_mount_point_and_into_a_missing_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.pdf").write_bytes(b"a")
    archive = _archive(source, tmp_path / "b.media.tar.gz")
    media = tmp_path / "fresh" / "media"
    assert restore_media(archive, media) == 0
    assert (media / "a.pdf").read_bytes() == b"a"
    inode = media.stat().st_ino
    (media / "later.pdf").write_bytes(b"x")
    restore_media(archive, media)
    assert media.stat().st_ino == inode  # the folder itself is never replaced (NFS mount)
