"""The public transparency page: nothing unless published, nothing internal when it is."""

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory
from measures.tests.factories import MeasureFactory
from participation.models import PublicationSettings
from participation.services import publication_update
from participation.tests.factories import NeedFactory
from public.tests.helpers import forget_cached_page

URL = "/beteiligung/oeffentlich/"


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Was die Stadt tut.")


def test_public_url_is_stable():
    assert reverse("public:overview") == URL  # the address stayed when the page moved


def test_unpublished_page_shows_nothing(client, actor_member, db):
    MeasureFactory(title="Sprachkurs im Stadtteil")
    assert client.get(URL).status_code == 404
    client.force_login(actor_member)
    assert client.get(URL).status_code == 404


def test_coordinator_sees_a_marked_preview(client, coordinator):
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "Vorschau" in page


def test_published_page_shows_measures_without_anything_internal(client, published):
    actor = ActorFactory(
        name="Netzwerk Willkommen e. V.",
        contact_person="Erika Vertraulich",
        email="erika@verein.example",
        phone="0511 123456",
    )
    MeasureFactory(title="Sprachcafé Rethen", lead_actor=actor, notes="INTERNE NOTIZ", progress=40)
    MeasureFactory(title="Entwurf ohne Frist", deadline=None)
    NeedFactory(what="Bedarf aus der Abfrage")
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sprachcafé Rethen" in page
    assert "Netzwerk Willkommen e. V." in page
    assert "31.12.2027" in page and "in Umsetzung" in page and "40 %" in page
    assert "Was die Stadt tut." in page
    for internal in (
        "INTERNE NOTIZ",
        "Erika Vertraulich",
        "erika@verein.example",
        "0511 123456",
        "Entwurf ohne Frist",
        "Bedarf aus der Abfrage",
    ):
        assert internal not in page
    assert "Vorschau" not in page


def test_public_page_escapes_html(client, published):
    MeasureFactory(title="<img src=x onerror=alert(1)>")
    page = client.get(URL).content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_unpublishing_takes_the_page_down(client, coordinator, published):
    publication_update(user=coordinator, is_published=False, intro="")
    assert PublicationSettings.load().published_at is None
    assert client.get(URL).status_code == 404


def test_publication_form_switches_the_page(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:publication"), {"is_published": "on", "intro": "Hallo"}
    )
    assert response.status_code == 302
    settings = PublicationSettings.load()
    assert settings.is_published and settings.published_at is not None
    client.logout()
    assert client.get(URL).status_code == 200


def test_public_page_queries_do_not_grow_with_measures(
    client, published, django_assert_num_queries
):
    MeasureFactory.create_batch(5)
    client.get(URL)
    forget_cached_page()
    # publication settings, data version (public.cache), adopted edition (none here), measures
    # (+ lead actors, last report), action fields, released documents of the measures shown,
    # public council papers
    with django_assert_num_queries(7):
        client.get(URL)
    MeasureFactory.create_batch(45)
    with django_assert_num_queries(7):
        client.get(URL)


def test_the_publication_switch_links_to_the_page_it_publishes(client, coordinator):
    """participation's switch page knows nothing of the public app: the link is the public
    app's panel in ``participation.panels.publication_links``."""
    client.force_login(coordinator)
    page = client.get(reverse("participation:publication")).content.decode()
    assert f'href="{URL}">Vorschau ansehen' in page
    publication_update(user=coordinator, is_published=True, intro="")
    page = client.get(reverse("participation:publication")).content.decode()
    assert f'href="{URL}">Seite ansehen' in page
