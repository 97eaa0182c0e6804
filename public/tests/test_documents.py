"""Released documents of the measures on the public page: listed there, downloadable without
login; internal documents, documents of measures the page does not show, and every document
while the page is unpublished stay private (404)."""

import pytest
from django.urls import reverse

from core import filetypes
from council.tests.factories import adopted_revision
from measures.document_services import measure_document_set_public
from measures.tests.factories import MeasureFactory, measure_document
from participation.services import publication_update
from public.tests.helpers import forget_cached_page

URL = "/beteiligung/oeffentlich/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Was die Stadt tut.")


def _document(measure, user, name, *, public=True):
    document = measure_document(measure, user=user, name=name)
    measure_document_set_public(document=document, user=user, public=public)
    return document


def _download(client, document):
    return client.get(reverse("public:document", args=[document.pk]))


def test_document_url_sits_under_the_public_page():
    assert reverse("public:document", args=[7]) == f"{URL}dokumente/7/"


def test_every_accepted_type_has_a_short_label():
    assert set(filetypes.LABELS) == set(filetypes.EXTENSIONS)
    assert filetypes.type_label(filetypes.DOCX) == "Word"
    assert filetypes.type_label("application/x-unknown") == "application/x-unknown"


def test_page_offers_only_released_documents_of_measures_it_shows(client, published, coordinator):
    shown = MeasureFactory()
    draft = MeasureFactory(deadline=None)  # not SMART: not on the public page
    released = _document(shown, coordinator, "Flyer.pdf")
    internal = _document(shown, coordinator, "Bescheid.pdf", public=False)
    hidden = _document(draft, coordinator, "Entwurf.pdf")
    page = client.get(URL).content.decode()
    assert reverse("public:document", args=[released.pk]) in page
    assert "Flyer.pdf" in page and "(PDF, " in page  # name, type and size
    assert "Bescheid.pdf" not in page and "Entwurf.pdf" not in page

    response = _download(client, released)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert _download(client, internal).status_code == 404
    assert _download(client, hidden).status_code == 404


def test_withdrawn_release_leaves_the_page_at_once(client, published, coordinator):
    document = _document(MeasureFactory(), coordinator, "Flyer.pdf")
    measure_document_set_public(document=document, user=coordinator, public=False)
    assert "Flyer.pdf" not in client.get(URL).content.decode()
    assert _download(client, document).status_code == 404


def test_released_document_is_not_public_while_the_page_is_not(client, coordinator):
    document = _document(MeasureFactory(), coordinator, "Flyer.pdf")
    assert _download(client, document).status_code == 404  # the page is not published
    client.force_login(coordinator)
    assert _download(client, document).status_code == 200  # the coordination's preview


def test_with_an_adopted_edition_only_its_measures_offer_documents(client, published, coordinator):
    in_edition = MeasureFactory()
    adopted_revision(coordinator)
    later = MeasureFactory()  # SMART, but not in the adopted edition
    adopted_doc = _document(in_edition, coordinator, "Flyer.pdf")
    later_doc = _document(later, coordinator, "Neu.pdf")
    page = client.get(URL).content.decode()
    assert "Flyer.pdf" in page and "Neu.pdf" not in page
    assert _download(client, adopted_doc).status_code == 200
    assert _download(client, later_doc).status_code == 404


def test_documents_cost_one_query_however_many_measures_carry_them(
    client, published, coordinator, django_assert_num_queries
):
    for measure in MeasureFactory.create_batch(3):
        _document(measure, coordinator, "Flyer.pdf")
    client.get(URL)
    forget_cached_page()
    # publication settings, data version (public.cache), adopted edition (none here), measures
    # (+ lead actors, last report), action fields, released documents of the measures shown,
    # public council papers
    with django_assert_num_queries(7):
        page = client.get(URL).content.decode()
    assert page.count("Flyer.pdf") == 3
    for measure in MeasureFactory.create_batch(12):
        _document(measure, coordinator, "Flyer.pdf")
        _document(measure, coordinator, "Plakat.pdf")
    with django_assert_num_queries(7):
        page = client.get(URL).content.decode()
    assert page.count("Flyer.pdf") == 15 and page.count("Plakat.pdf") == 12
