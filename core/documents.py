"""Documents kept next to planning objects (a funding notice on a measure, the minutes of a
conference): what every owning app shares.

- ``core.filetypes.sniff(file)`` names a file's type from its content, never its name: PDF,
  PNG, JPEG, Office Open XML, OpenDocument, plain text/CSV; everything else (executables,
  HTML, SVG, archives, macro files) is refused.
- ``document_validate(upload)`` checks size (``settings.DOCUMENT_MAX_BYTES``) and type and
  returns the facts to store (type, size, SHA-256, a filename whose extension fits the type).
- ``StoredDocument`` is the abstract model; each owning app adds its own concrete model with a
  foreign key to its object, its history and its services.
- ``document_response(document)`` sends a stored file: always as an attachment, with a safe
  filename, ``nosniff`` and a sandboxing CSP.

The file goes through Django's storage API only (``FileField`` → ``storages["default"]``): the
local MEDIA_ROOT by default, an S3-compatible store when ``STORAGE_BACKEND`` says so.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
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

from .filetypes import CSV, TEXT, fitting_filename, sniff, type_label

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


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

    @property
    def type_label(self) -> str:
        """ "PDF", "Word", …: the type as a reader knows it."""
        return type_label(self.content_type)


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
    safe = _header_safe_name(filename)
    return f"attachment; filename=\"{ascii_filename(safe)}\"; filename*=UTF-8''{quote(safe)}"


def _header_safe_name(filename: str) -> str:
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
