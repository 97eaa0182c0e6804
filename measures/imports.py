"""Excel/CSV import of measures: keep the upload server-side, preview, then import all or nothing.

The uploaded file is stored under ``MEDIA_ROOT/measure-imports/`` with a random name; the
session remembers that name and the file's SHA-256. The confirm step reads the file back
from the server (never from the client) and refuses it if the hash no longer matches.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

import tablib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Measure
from .resources import IMPORT_COLUMNS, REQUIRED_COLUMNS, MeasureImportResource, columns

SESSION_KEY = "measure_import"
FOLDER = "measure-imports"


class ImportFileError(Exception):
    """The file cannot be read as a table of the import format (German message)."""


@dataclass
class PreviewRow:
    line: int  # line in the spreadsheet (header is line 1)
    kind: str  # "new", "update", "skip", "invalid", "error"
    label: str
    changes: list = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (German field, message)


@dataclass
class Preview:
    rows: list[PreviewRow]
    read_only_columns: list[str] = field(default_factory=list)  # of our export, not imported
    unknown_columns: list[str] = field(default_factory=list)  # names the import does not know

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.rows)

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def new_count(self) -> int:
        return self.count("new")

    @property
    def update_count(self) -> int:
        return self.count("update")

    @property
    def skip_count(self) -> int:
        return self.count("skip")

    @property
    def invalid_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def _remove_abandoned(max_age=datetime.timedelta(days=1)) -> None:
    """Delete uploads whose preview was never confirmed (older than ``max_age``)."""
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - max_age
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)


def store_upload(session, upload) -> None:
    _remove_abandoned()
    data = upload.read()
    extension = upload.name.rsplit(".", 1)[-1].lower()
    name = default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}.{extension}", ContentFile(data))
    discard_upload(session)
    session[SESSION_KEY] = {
        "path": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "original_name": upload.name,
        "format": extension,
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


def load_dataset(data: bytes, extension: str) -> tablib.Dataset:
    try:
        if extension == "xlsx":
            dataset = tablib.Dataset().load(data, format="xlsx")
        else:
            text = data.decode("utf-8-sig")
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except UnicodeDecodeError:
        raise ImportFileError(_("Die CSV-Datei ist nicht UTF-8-kodiert.")) from None
    except Exception:  # noqa: BLE001 – any parser failure means: not a readable table
        raise ImportFileError(_("Die Datei lässt sich nicht als Tabelle lesen.")) from None
    dataset.headers = _columns([str(h or "").strip() for h in dataset.headers or []])
    return dataset


def _columns(headers: list[str]) -> list[str]:
    """The file's headers as import columns (see ``resources/columns.py``); unknown headers
    stay as they are and are not read."""
    named: dict[str, str] = {}
    result = []
    for header in headers:
        column = columns.column_for(header)
        if column is None:
            result.append(header)
            continue
        if column in named:
            raise ImportFileError(
                _("Die Spalten „%(first)s“ und „%(second)s“ meinen beide „%(label)s“.")
                % {"first": named[column], "second": header, "label": columns.label(column)}
            )
        named[column] = header
        result.append(column)
    missing = [columns.label(c) for c in REQUIRED_COLUMNS if c not in named]
    if missing:
        raise ImportFileError(
            _(
                "Es fehlen Spalten: %(columns)s. Die Spaltennamen sind die des Exports "
                "(z. B. „Nr.“, „Titel“, „Handlungsfeld“) oder die technischen Namen "
                "(%(technical)s)."
            )
            % {"columns": ", ".join(missing), "technical": ", ".join(IMPORT_COLUMNS)}
        )
    return result


def _label(attr: str) -> str:
    for column_attr, label in IMPORT_COLUMNS.values():
        if column_attr == attr:
            return label
    if attr == "__all__":
        return ""  # about the whole row: "Zeile 2: …"
    try:
        return str(Measure._meta.get_field(attr).verbose_name)
    except Exception:  # noqa: BLE001
        return attr


def run_import(dataset: tablib.Dataset, *, user, dry_run: bool) -> Preview:
    """Import (or only try) every row; with errors nothing stays in the database."""
    resource = MeasureImportResource(user=user)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            raise_errors=False,
        )
        preview = _preview(result)
        preview.read_only_columns, preview.unknown_columns = columns.ignored(dataset.headers)
        if dry_run or not preview.is_valid:
            transaction.set_rollback(True)
    return preview


def _preview(result) -> Preview:
    rows = []
    for index, row in enumerate(result.rows, start=1):
        instance = row.instance
        label = f"{instance.number} {instance.title}" if instance is not None else ""
        entry = PreviewRow(line=index + 1, kind=row.import_type, label=label.strip())
        entry.changes = getattr(row, "changes", [])
        if row.validation_error is not None:
            for attr, messages in row.validation_error.message_dict.items():
                for message in messages:
                    entry.errors.append((_label(attr), message))
        for error in row.errors:
            entry.errors.append(("", str(error.error)))
        rows.append(entry)
    lines = {r.line for r in rows}
    for invalid in result.invalid_rows:
        line = invalid.number + 1
        if line not in lines:
            entry = PreviewRow(line=line, kind="invalid", label="")
            for attr, messages in invalid.error_dict.items():
                for message in messages:
                    entry.errors.append((_label(attr), message))
            rows.append(entry)
    for error in result.base_errors:
        rows.append(
            PreviewRow(line=0, kind="error", label="", errors=[(_("Datei"), str(error.error))])
        )
    rows.sort(key=lambda r: r.line)
    return Preview(rows=rows)
