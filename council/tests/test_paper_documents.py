"""Documents on council papers: managed by the coordination until the paper is decided, seen
by whoever sees the paper, always downloaded as an attachment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import PaperDocument, PaperStatus
from council.services import paper_document_add
from council.tests.factories import CouncilPaperFactory
from measures.tests.factories import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_coordination_uploads_and_the_paper_page_lists_it(client, coordinator):
    paper = CouncilPaperFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("council:paper-document-add", args=[paper.pk]),
        {"file": pdf_upload("Lageplan.pdf"), "description": "Standorte"},
    )
    assert response.status_code == 302
    document = paper.documents.get()
    html = client.get(paper.get_absolute_url()).content.decode()
    assert f"Dokument „Lageplan.pdf“ hochgeladen von {coordinator}" in html
    response = client.get(reverse("council:paper-document", args=[paper.pk, document.pk]))
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_actor_does_not_see_documents_of_a_private_paper(client, coordinator, actor_member):
    paper = CouncilPaperFactory(is_public=False)
    document = paper_document_add(paper=paper, user=coordinator, upload=pdf_upload())
    client.force_login(actor_member)
    response = client.get(reverse("council:paper-document", args=[paper.pk, document.pk]))
    assert response.status_code == 404


def test_decided_paper_takes_no_more_documents(client, coordinator):
    paper = CouncilPaperFactory(status=PaperStatus.DECIDED)
    client.force_login(coordinator)
    response = client.post(
        reverse("council:paper-document-add", args=[paper.pk]), {"file": pdf_upload()}
    )
    assert response.status_code == 403
    assert not PaperDocument.objects.exists()
