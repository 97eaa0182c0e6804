"""Documents on measures: type by content, size limit, storage, download headers, rights,
history, the measure page's list."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import documents as core_documents
from core import filetypes
from measures import document_services
from measures.documents import MeasureDocument

from .factories import PDF_BYTES, MeasureFactory, measure_document, pdf_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = _zip(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types><Override PartName="/word/document'
        b'.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        b'document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
ODT_BYTES = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.pdf", PDF_BYTES, filetypes.PDF),
        ("a.png", PNG_BYTES, filetypes.PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, filetypes.JPEG),
        ("a.docx", DOCX_BYTES, filetypes.DOCX),
        ("a.odt", ODT_BYTES, filetypes.ODT),
        ("a.csv", "Name;Anzahl\nSprachcafé;12\n".encode(), filetypes.CSV),
        ("a.txt", "Protokoll vom 1.12.: Größe".encode("cp1252"), filetypes.TEXT),
    ],
)
def test_accepted_types_are_named_by_content(name, data, expected):
    assert core_documents.document_validate(upload(name, data)).content_type == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bescheid.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("bescheid.pdf", b"<html><body>hi</body></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("tabelle.docx", EXE_BYTES),
        ("tabelle.docx", _zip({"setup.exe": EXE_BYTES})),
        (
            "makro.docx",
            _zip(
                {"[Content_Types].xml": b"application/vnd.ms-word.document.macroEnabled.main+xml"}
            ),
        ),
        ("daten.csv", b"a,b\x00c"),
        ("archiv.pdf", b"\x1f\x8b\x08\x00gzip"),
    ],
)
def test_spoofed_types_are_refused_whatever_the_name(name, data):
    with pytest.raises(ValidationError) as refused:
        core_documents.document_validate(upload(name, data))
    assert "nicht erlaubt" in str(refused.value)


def test_size_limit_comes_from_settings(settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="zu groß"):
        core_documents.document_validate(upload("a.pdf", PDF_BYTES + b" " * 100))
    assert core_documents.document_validate(upload("a.pdf", PDF_BYTES[:90]))


def test_extension_follows_the_content():
    checked = core_documents.document_validate(upload("bild.html", PNG_BYTES))
    assert checked.filename == "bild.html.png"
    assert core_documents.document_validate(upload("../../etc/Bescheid", PDF_BYTES)).filename == (
        "Bescheid.pdf"
    )


@pytest.mark.django_db
def test_document_is_stored_under_a_random_name_with_hash_and_history(coordinator, media):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator, description=" Bescheid ")
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert document.size == len(PDF_BYTES)
    assert document.filename == "Förderbescheid.pdf"
    assert "Förderbescheid" not in document.file.name
    assert document.file.name.startswith("massnahmen/")
    assert (media / document.file.name).read_bytes() == PDF_BYTES
    assert document.description == "Bescheid"
    record = document.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        coordinator,
        "Dokument hochgeladen",
    )


@pytest.mark.django_db(transaction=True)
def test_removing_a_document_keeps_its_history_and_deletes_the_file(coordinator, media):
    document = measure_document(MeasureFactory(), user=coordinator)
    path = media / document.file.name
    document_services.measure_document_set_public(document=document, user=coordinator, public=True)
    document_services.measure_document_remove(document=document, user=coordinator)
    assert not MeasureDocument.objects.exists()
    assert not path.exists()
    kinds = list(
        MeasureDocument.history.order_by("history_date").values_list(
            "history_type", "is_public", "history_user"
        )
    )
    assert kinds == [
        ("+", False, coordinator.pk),
        ("~", True, coordinator.pk),
        ("-", True, coordinator.pk),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "ascii_name", "utf8_name"),
    [
        (
            "Förderbescheid 2026 (final).pdf",
            "Forderbescheid 2026 (final).pdf",
            "F%C3%B6rderbescheid%202026%20%28final%29.pdf",
        ),
        ('a"b\r\nSet-Cookie: x=1.pdf', "abSet-Cookie_ x_1.pdf", None),
        ("..\\..\\windows\\boot.ini.pdf", "boot.ini.pdf", "boot.ini.pdf"),
    ],
)
def test_download_is_an_attachment_with_a_safe_filename(
    client, coordinator, filename, ascii_name, utf8_name
):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)
    document.filename = filename  # as an older or imported row might hold it
    document.save()
    client.force_login(coordinator)
    response = client.get(reverse("measures:document", args=[measure.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert f'filename="{ascii_name}"' in disposition
    if utf8_name:
        assert f"filename*=UTF-8''{utf8_name}" in disposition
    assert "\n" not in disposition and "\r" not in disposition
    assert disposition.count('"') == 2
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.django_db
def test_actor_uploads_to_own_measure_but_not_to_another(client, actor_member, own_actor):
    own = MeasureFactory(lead_actor=own_actor)
    other = MeasureFactory()
    client.force_login(actor_member)
    url = reverse("measures:document_add", args=[other.pk])
    assert client.post(url, {"file": pdf_upload()}).status_code == 403
    response = client.post(reverse("measures:document_add", args=[own.pk]), {"file": pdf_upload()})
    assert response.status_code == 302
    assert list(own.documents.values_list("filename", "uploaded_by")) == [
        ("Förderbescheid.pdf", actor_member.pk)
    ]
    assert not other.documents.exists()


@pytest.mark.django_db
def test_refused_upload_keeps_the_description_and_says_why(client, coordinator):
    measure = MeasureFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:document_add", args=[measure.pk]),
        {"file": upload("bescheid.pdf", b"<html>x</html>"), "description": "Mein Text"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieser Dateityp ist nicht erlaubt" in html
    assert 'value="Mein Text"' in html
    assert not MeasureDocument.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, coordinator):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)
    response = client.get(reverse("measures:document", args=[measure.pk, document.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_measure_page_lists_documents_with_who_and_when(client, coordinator, actor_member):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)
    client.force_login(actor_member)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert reverse("measures:document", args=[measure.pk, document.pk]) in html
    assert f"Dokument „Förderbescheid.pdf“ hochgeladen von {coordinator}" in html
    assert f"{document.uploaded_at:%d.%m.%Y}" in html
    # the actor of another measure neither deletes nor releases
    assert reverse("measures:document_delete", args=[measure.pk, document.pk]) not in html
    client.force_login(coordinator)
    html = client.get(measure.get_absolute_url()).content.decode()
    assert reverse("measures:document_delete", args=[measure.pk, document.pk]) in html
    assert reverse("measures:document_public", args=[measure.pk, document.pk]) in html


@pytest.mark.django_db
def test_release_is_the_coordinations_and_recorded(client, coordinator):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)
    client.force_login(coordinator)
    url = reverse("measures:document_public", args=[measure.pk, document.pk])
    client.post(url, {"public": "1"})
    document.refresh_from_db()
    assert document.is_public
    assert list(MeasureDocument.objects.public()) == [document]
    html = client.get(measure.get_absolute_url()).content.decode()
    assert "„Förderbescheid.pdf“ freigegeben (öffentlich)" in html
    client.post(url, {"public": "0"})
    document.refresh_from_db()
    assert not document.is_public


@pytest.mark.django_db(transaction=True)
def test_deleting_a_measure_removes_its_document_files_and_keeps_their_history(coordinator, media):
    from measures import services

    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)
    path = media / document.file.name
    assert path.exists()
    services.measure_delete(measure=measure, user=coordinator)
    assert not path.exists()
    assert MeasureDocument.history.filter(history_type="-").count() == 1


def test_a_workbook_written_by_openpyxl_is_accepted_as_xlsx():
    """Written by someone else's code (openpyxl, as Excel-compatible tools do), not by ours."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Teilnehmende"
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked = core_documents.document_validate(upload("Statistik", buffer.getvalue()))
    assert (checked.content_type, checked.filename) == (filetypes.XLSX, "Statistik.xlsx")
