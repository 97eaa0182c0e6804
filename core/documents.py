"""Documents kept next to planning objects (a funding notice on a measure, the minutes of a
conference): what every owning app shares.

- ``sniff(head)`` names a file's type from its content, never from its name: PDF, PNG, JPEG,
  the Office Open XML and OpenDocument formats (zip files whose ``[Content_Types].xml`` or
  ``mimetype`` entry says so), and plain text/CSV (UTF-8 or Windows-1252, no NUL byte, no
  markup). Everything else is refused: executables, HTML, SVG, archives, scripts.
- ``document_validate(upload)`` checks size (``settings.DOCUMENT_MAX_BYTES``) and type and
  returns the facts to store (type, size, SHA-256, a filename whose extension fits the type).
- ``StoredDocument`` is the abstract model; each owning app adds its own concrete model with a
  foreign key to its object, its history and its services.
- ``document_response(document)`` sends a stored file: always as an attachment, with a safe
  filename, ``nosniff`` and a sandboxing CSP.

The file goes through Django's storage API only (``FileField`` → ``storages["default"]``): the
local MEDIA_ROOT by default, an S3-compatible store when ``STORAGE_BACKEND`` says so.
No third-party sniffing library: the seven accepted formats have unambiguous signatures, and
a whitelist of our own refuses what libmagic would merely name.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
CSV = "text/csv"
TEXT = "text/plain"

# type → the extensions a file of that type may carry (the first is added if none fits)
EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
    CSV: (".csv",),
    TEXT: (".txt",),
}
# The main part of an Office Open XML package names what it is.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
ODF_MIMETYPES = {ODT, ODS}
# Text that a browser or an office program would run as markup or script.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|\?xml)", re.I)
SNIFF_BYTES = 8192


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _sniff_zip(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ODF_MIMETYPES else None
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                found = {kind for main, kind in OOXML_MAIN.items() if main in types}
                # one main part, and no macros (a .docm renamed .docx is refused)
                if len(found) == 1 and "macroEnabled" not in types:
                    return found.pop()
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def _sniff_text(head: bytes) -> str | None:
    if b"\x00" in head or MARKUP.search(head):
        return None
    for encoding in ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # a multi-byte character cut at the end of the sample is still UTF-8
            if encoding == "utf-8" and len(head) == SNIFF_BYTES:
                try:
                    text = head[:-3].decode(encoding)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n\f" for c in text):
            return None
        return TEXT
    return None


def sniff(file) -> str | None:
    """The accepted type of ``file`` (a binary file object, read from its start), or None."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _sniff_zip(file)
        file.seek(0)
        return kind
    if not head:
        return None
    return _sniff_text(head)


def fitting_filename(name: str, content_type: str) -> str:
    """The last path part of ``name``, with an extension that fits ``content_type``:
    "Bescheid" → "Bescheid.pdf", "bild.html" (a PNG) → "bild.html.png"."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip() or "Dokument"
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")[:200] or "Dokument"
    allowed = EXTENSIONS[content_type]
    if not base.lower().endswith(allowed):
        base += allowed[0]
    return base


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content_type: str
    size: int
    sha256: str


def document_validate(upload) -> CheckedUpload:
    """Check an uploaded file (size, then type by content); raise a German ValidationError."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s); erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    content_type = sniff(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "Dieser Dateityp ist nicht erlaubt. Erlaubt sind PDF, PNG, JPEG, Word/Excel/"
                "PowerPoint (docx, xlsx, pptx), OpenDocument (odt, ods), CSV und Text. "
                "Geprüft wird der Inhalt der Datei, nicht ihr Name."
            ),
            code="type",
        )
    if content_type == TEXT and (upload.name or "").lower().endswith(".csv"):
        content_type = CSV  # text either way; the name only tells which kind of text
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        filename=fitting_filename(upload.name or "", content_type),
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )


def random_upload_to(instance, filename: str) -> str:
    """A random name in the owning app's folder: the stored name never comes from the user."""
    folder = getattr(instance, "storage_folder", "dokumente")
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class StoredDocument(models.Model):
    """A file kept next to a planning object (abstract; the owning app adds the foreign key)."""

    storage_folder = "dokumente"

    file = models.FileField(_("Datei"), upload_to=random_upload_to, max_length=255)
    filename = models.CharField(_("Dateiname"), max_length=255)
    # set from the content, never typed
    content_type = models.CharField(_("Dateityp"), max_length=120, editable=False)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    is_public = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_("Nur öffentlich, wenn die Koordination das Dokument freigibt."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.filename


def document_fill(document: StoredDocument, *, upload, user) -> StoredDocument:
    """Put a checked ``upload`` into ``document`` (not saved): validation happens here too,
    so no service can store an unchecked file."""
    checked = document_validate(upload)
    document.filename = checked.filename
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256
    document.uploaded_by = user if getattr(user, "is_authenticated", False) else None
    document.file.save(checked.filename, upload, save=False)
    return document


def ascii_filename(filename: str) -> str:
    """An ASCII fallback: "Förderbescheid 2026.pdf" → "Forderbescheid 2026.pdf"."""
    text = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9 ._()+-]", "_", text).strip(" .") or "Dokument"
    return text[:150]


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII name and the exact one per RFC 5987 (no quote, no line
    break, no path can reach the header)."""
    safe = fitting_name_only(filename)
    return f"attachment; filename=\"{ascii_filename(safe)}\"; filename*=UTF-8''{quote(safe)}"


def fitting_name_only(filename: str) -> str:
    base = PurePosixPath(filename.replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C" and c != '"')
    return base.strip() or "Dokument"


def document_response(document: StoredDocument) -> FileResponse:
    """Send ``document`` from the storage: never shown inline, never sniffed as HTML."""
    handle = document.file.open("rb")
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    if document.size:
        response["Content-Length"] = str(document.size)
    return response


def sniff_bytes(data: bytes) -> str | None:
    """``sniff`` for bytes in memory (tests, imports)."""
    return sniff(io.BytesIO(data))


class DocumentUploadForm(forms.Form):
    """The upload form every owning app shows (file and a short description)."""

    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "PDF, Bild (PNG, JPEG), Word/Excel/PowerPoint, OpenDocument, CSV oder Text; "
            "höchstens %(limit)s."
        ),
    )
    description = forms.CharField(label=_("Beschreibung"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"limit": filesizeformat(max_bytes())}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        document_validate(upload)
        return upload


# --- the writes every owning app's services delegate to (history with who and why) ---------


def _stamp(document: StoredDocument, *, user, reason: str) -> None:
    document._history_user = user
    document._change_reason = reason


def stored_document_add(document: StoredDocument, *, upload, user) -> StoredDocument:
    """Check ``upload``, store it and save ``document`` (its owner already set); the caller is
    a ``@transaction.atomic`` service. Should the row not be saved, the file is removed."""
    document_fill(document, upload=upload, user=user)
    try:
        _stamp(document, user=user, reason=str(_("Dokument hochgeladen")))
        document.description = document.description.strip()
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def stored_document_remove(document: StoredDocument, *, user) -> None:
    """Delete the row (its history keeps who uploaded and who deleted it); the file leaves the
    storage once the deletion is committed."""
    name, storage = document.file.name, document.file.storage
    _stamp(document, user=user, reason=str(_("Dokument gelöscht")))
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def stored_document_set_public(document: StoredDocument, *, user, public: bool) -> None:
    if document.is_public == public:
        return
    document.is_public = public
    reason = _("Dokument freigegeben") if public else _("Freigabe des Dokuments zurückgenommen")
    _stamp(document, user=user, reason=str(reason))
    document.save(update_fields=["is_public"])


@dataclass(frozen=True)
class DocumentEvent:
    when: object
    user: object | None
    filename: str
    text: str  # "hochgeladen", "gelöscht", "freigegeben (öffentlich)", …


def document_events(model: type[StoredDocument], *, limit: int = 10, **owner) -> list:
    """The newest uploads, deletions and releases of one owner's documents (``owner`` e.g.
    ``measure_id=5``), from their history, deleted documents included: one query."""
    records = (
        model.history.filter(**owner)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    events = []
    for record in records:
        if record.history_type == "+":
            text = _("hochgeladen")
        elif record.history_type == "-":
            text = _("gelöscht")
        elif record.is_public:
            text = _("freigegeben (öffentlich)")
        else:
            text = _("Freigabe zurückgenommen")
        events.append(
            DocumentEvent(
                when=record.history_date,
                user=record.history_user,
                filename=record.filename,
                text=str(text),
            )
        )
    return events


def documents_context(*, documents, events, urls: dict, can_add: bool, can_manage: bool) -> dict:
    """What ``core/includes/documents.html`` reads; ``urls`` names the owning app's URL
    patterns: ``download``, ``add``, ``delete``, ``public``."""
    return {
        "documents": documents,
        "document_events": events,
        "document_urls": urls,
        "can_add_document": can_add,
        "can_manage_documents": can_manage,
        "document_max_bytes": max_bytes(),
    }


def stored_files_delete_on_commit(documents) -> None:
    """Remove the files of ``documents`` (about to be deleted with their owner, by cascade)
    from the storage once the deletion is committed; a refused deletion keeps them."""
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    if files:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
