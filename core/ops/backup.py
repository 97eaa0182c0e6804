"""Backup and restore of the database and the file storage, with the standard tools.

PostgreSQL: ``pg_dump --format=custom`` writes ``<dir>/<UTC timestamp>.dump``;
``pg_restore --clean --if-exists`` restores it into the configured database (an empty or an
existing one) in one transaction. Any other database (SQLite): ``dumpdata`` writes
``<dir>/<UTC timestamp>.json`` (natural keys, without derived tables), which ``loaddata``
reads into a freshly migrated, empty database. When the default storage is the file system,
``<dir>/<UTC timestamp>.media.tar.gz`` holds MEDIA_ROOT next to either.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connections


class BackupError(Exception):
    pass


# What dumpdata leaves out: rebuilt by migrate (content types, permissions), short-lived
# (sessions), or no table at all (django_rq's dashboard).
DUMPDATA_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "django_rq"]


def is_postgres() -> bool:
    return connections["default"].vendor == "postgresql"


def _postgres_env(alias: str = "default") -> tuple[dict[str, str], str]:
    settings_dict = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env, settings_dict["NAME"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} fehlt: apt-get install postgresql-client")
    return path


def _media_root() -> Path | None:
    """MEDIA_ROOT when generated files are kept in the file system; None for other storages."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def media_archive_for(dump: Path) -> Path:
    return dump.with_name(dump.stem + ".media.tar.gz")


@contextmanager
def _private_files() -> Iterator[None]:
    """Files created inside are readable by their owner only (0600, directories 0700).

    A dump holds password hashes and personal data: the umask is set before the first byte is
    written (pg_dump, dumpdata and tarfile all create their files under it), so no other
    account on the machine can read a backup even while it is being written.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def backup(directory: Path, *, json: bool = False) -> list[Path]:
    """Write the database dump (and the media archive) into ``directory``; return the paths.

    ``json=True`` writes the engine-neutral JSON dump also on PostgreSQL (to move engines).
    Every file is written with mode 0600; a new directory gets mode 0700, an existing one
    loses any access for others (a group the operator gave it, e.g. 0750, stays).
    """
    with _private_files():
        if directory.is_dir():
            directory.chmod(directory.stat().st_mode & 0o770)
        else:
            directory.mkdir(parents=True)
        written = _write_backup(directory, json=json)
    for path in written:
        path.chmod(0o600)
    return written


def _write_backup(directory: Path, *, json: bool) -> list[Path]:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if is_postgres() and not json:
        env, _ = _postgres_env()
        dump = directory / f"{stamp}.dump"
        subprocess.run(  # noqa: S603 (fixed argv; connection data via libpq env)
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump)],
            env=env,
            check=True,
        )
    else:
        dump = directory / f"{stamp}.json"
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=DUMPDATA_EXCLUDES,
            output=str(dump),
            verbosity=0,
        )
    written = [dump]
    media = _media_root()
    if media is not None and media.is_dir():
        archive = media_archive_for(dump)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media, arcname=".")
        written.append(archive)
    return written


def restore(dump: Path) -> list[Path]:
    """Replace the configured database's content (and MEDIA_ROOT's files) with a backup."""
    if not dump.is_file():
        raise BackupError(f"Sicherung nicht gefunden: {dump}")
    if dump.suffix == ".json":
        _load_json(dump)
    elif is_postgres():
        _pg_restore(dump)
    else:
        raise BackupError(f"{dump.name}: pg_restore-Sicherungen nur in PostgreSQL einspielen.")
    restored = [dump]
    archive = media_archive_for(dump)
    media = _media_root()
    if archive.is_file() and media is not None:
        restore_media(archive, media)
        restored.append(archive)
    return restored


def restore_media(archive: Path, media: Path) -> int:
    """Make ``media`` hold exactly the archive's files: extracted over what is there, then
    every file the archive does not hold is removed (a PDF made after the backup would
    otherwise outlive the database rows that pointed to it, or be served for a row that now
    points elsewhere). Works in place, so MEDIA_ROOT may be a mount point (NFS). Returns the
    number of files removed."""
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        tar.extractall(media, filter="data")
    kept = {os.path.normpath(m.name) for m in members}
    removed = 0
    for path in sorted(media.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        relative = os.path.normpath(path.relative_to(media).as_posix())
        if relative in kept:
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        else:
            path.unlink()
            removed += 1
    return removed


def _load_json(dump: Path) -> None:
    """loaddata into a freshly migrated, empty database, history signals off.

    The dump holds the history rows already; simple-history would add a second record for
    every many-to-many relation that loaddata sets.
    """
    call_command("migrate", interactive=False, verbosity=0)
    if get_user_model().objects.exists():
        raise BackupError(
            "JSON-Sicherungen werden nur in eine leere Datenbank eingespielt; "
            "diese enthält schon Benutzer*innen."
        )
    previous = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        call_command("loaddata", str(dump), verbosity=0)
    finally:
        settings.SIMPLE_HISTORY_ENABLED = previous


def _pg_restore(dump: Path) -> None:
    env, name = _postgres_env()
    connections["default"].close()
    subprocess.run(  # noqa: S603 (fixed argv; connection data via libpq env)
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(dump),
        ],
        env=env,
        check=True,
    )
