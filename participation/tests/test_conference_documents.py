"""Documents on conferences: the coordination uploads, deletes and releases; everyone logged in
downloads them as attachments; the history says who and when."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures.tests.factories import PDF_BYTES, pdf_upload
from participation import services
from participation.models import ConferenceDocument

from .factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_coordination_uploads_and_the_page_lists_who_and_when(client, coordinator, actor_member):
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_document_add", args=[conference.pk]),
        {"file": pdf_upload("Präsentation.pdf"), "description": "Folien"},
    )
    assert response.status_code == 302
    document = conference.documents.get()
    assert (document.filename, document.uploaded_by, document.description) == (
        "Präsentation.pdf",
        coordinator,
        "Folien",
    )
    client.force_login(actor_member)
    html = client.get(conference.get_absolute_url()).content.decode()
    assert f"Dokument „Präsentation.pdf“ hochgeladen von {coordinator}" in html
    assert reverse("participation:conference_document_add", args=[conference.pk]) not in html
    response = client.get(
        reverse("participation:conference_document", args=[conference.pk, document.pk])
    )
    assert response["Content-Disposition"].startswith("attachment; ")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_actor_may_not_upload_to_a_conference(client, actor_member):
    conference = ConferenceFactory()
    client.force_login(actor_member)
    response = client.post(
        reverse("participation:conference_document_add", args=[conference.pk]),
        {"file": pdf_upload()},
    )
    assert response.status_code == 403
    assert not ConferenceDocument.objects.exists()


def test_spoofed_file_is_refused(client, coordinator):
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_document_add", args=[conference.pk]),
        {"file": pdf_upload("protokoll.pdf", b"<html><script>alert(1)</script></html>")},
    )
    assert response.status_code == 400
    assert not ConferenceDocument.objects.exists()


def test_release_and_removal_are_recorded(coordinator):
    conference = ConferenceFactory()
    document = services.conference_document_add(
        conference=conference, user=coordinator, upload=pdf_upload()
    )
    services.conference_document_set_public(document=document, user=coordinator, public=True)
    services.conference_document_remove(document=document, user=coordinator)
    assert list(
        ConferenceDocument.history.order_by("history_date").values_list(
            "history_type", "is_public", "history_user"
        )
    ) == [("+", False, coordinator.pk), ("~", True, coordinator.pk), ("-", True, coordinator.pk)]
