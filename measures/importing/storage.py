"""The uploaded file between preview and confirm: kept on the server, never sent back.

The file is stored under ``MEDIA_ROOT/measure-imports/`` with a random name; the session
remembers that name, the import kind and the file's SHA-256. The confirm step reads the file
back from the server and refuses it if the hash no longer matches. The file is removed when
the import is committed or abandoned; one left behind (a closed browser) is removed by the
recovery job (``recover_tasks``) once it is older than a day.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "measure_import"
FOLDER = "measure-imports"
STALE_AFTER = datetime.timedelta(days=1)


def remove_stale(max_age: datetime.timedelta = STALE_AFTER) -> int:
    """Delete uploads whose preview was never confirmed; returns how many."""
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    limit = timezone.now() - max_age
    removed = 0
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def store_upload(session, *, data: bytes, filename: str, kind: str) -> None:
    remove_stale()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    name = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{extension}", ContentFile(data))
    discard_upload(session)
    session[SESSION_KEY] = {
        "path": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "original_name": filename,
        "format": extension,
        "kind": kind,
    }


def stored_upload(session) -> tuple[dict, bytes] | None:
    info = session.get(SESSION_KEY)
    if not info or not default_storage.exists(info["path"]):
        return None
    with default_storage.open(info["path"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != info["sha256"]:
        return None
    return info, data


def discard_upload(session) -> None:
    info = session.pop(SESSION_KEY, None)
    if info and default_storage.exists(info["path"]):
        default_storage.delete(info["path"])


def remove_stale_uploads(sender, **kwargs):
    """Receiver of ``lost_tasks_recovered`` (the ``recover_tasks`` job): uploads of imports
    never confirmed nor abandoned, older than a day."""
    from django.utils.translation import gettext as _

    return _("Liegengebliebene Importdateien"), remove_stale()
