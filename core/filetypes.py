"""What kind of file this is, read from its content (never from its name).

PDF, PNG, JPEG, the Office Open XML and OpenDocument formats (zip files whose
``[Content_Types].xml`` or ``mimetype`` entry says so) and plain text (UTF-8 or Windows-1252, no
NUL byte, no markup) are named; everything else (executables, HTML, SVG, archives, macro files)
is ``None``. No third-party sniffing library: the accepted formats have unambiguous signatures,
and a whitelist of our own refuses what libmagic would merely name.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from pathlib import PurePosixPath

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
            # incremental: a multi-byte character cut at the end of the sample is still UTF-8
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
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


def sniff_bytes(data: bytes) -> str | None:
    """``sniff`` for bytes in memory (tests, imports)."""
    return sniff(io.BytesIO(data))


# type → the short name a reader knows it by (a download list shows it next to the size)
LABELS = {
    PDF: "PDF",
    PNG: "PNG-Bild",
    JPEG: "JPEG-Bild",
    DOCX: "Word",
    XLSX: "Excel",
    PPTX: "PowerPoint",
    ODT: "OpenDocument-Text",
    ODS: "OpenDocument-Tabelle",
    CSV: "CSV",
    TEXT: "Text",
}


def type_label(content_type: str) -> str:
    """The short name of an accepted type ("PDF", "Word"); an unknown type as it is stored."""
    return LABELS.get(content_type, content_type)
