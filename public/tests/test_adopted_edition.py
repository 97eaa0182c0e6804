"""The public transparency page shows the edition the council adopted, not live edits."""

import pytest
from django.urls import reverse

from council.models import PaperStatus
from council.tests.factories import CouncilPaperFactory, adopted_revision, with_fake_pdf
from measures.tests.factories import MeasureFactory
from participation.services import publication_update


@pytest.mark.django_db
def test_public_page_shows_the_adopted_edition_not_later_live_changes(client, coordinator):
    measure = MeasureFactory(title="Sprachcafé in der Bibliothek", notes="intern: Budget knapp")
    revision = adopted_revision(title="Erstfassung 2026")
    measure.title = "Später geänderter Titel"
    measure.save()
    MeasureFactory(title="Nach dem Beschluss angelegt")
    publication_update(user=coordinator, is_published=True, intro="Willkommen")

    response = client.get(reverse("public:overview"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sprachcafé in der Bibliothek" in body
    assert "Später geänderter Titel" not in body
    assert "Nach dem Beschluss angelegt" not in body
    assert "intern: Budget knapp" not in body
    assert f"Stand: {revision.title}, vom Rat beschlossen am 01.03.2026" in body
    assert measure.lead_actor.name in body


@pytest.mark.django_db
def test_public_page_lists_released_public_papers_with_pdf_for_anonymous(client, coordinator):
    released = with_fake_pdf(CouncilPaperFactory(title="Sachstand Sprachcafé"))
    without_pdf = CouncilPaperFactory(title="Beschluss ohne PDF", status=PaperStatus.DECIDED)
    CouncilPaperFactory(title="Entwurf im Rathaus", status=PaperStatus.DRAFT)
    with_fake_pdf(CouncilPaperFactory(title="Nichtöffentliche Personalsache", is_public=False))
    publication_update(user=coordinator, is_published=True, intro="")

    response = client.get(reverse("public:overview"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{released.number} vom 04.05.2026: Sachstand Sprachcafé" in body
    assert without_pdf.title in body
    assert "Entwurf im Rathaus" not in body
    assert "Nichtöffentliche Personalsache" not in body
    download = reverse("council:oparl-file-download", args=[released.pk])
    assert body.count('">PDF herunterladen') == 1
    assert f'href="{download}"' in body
    assert client.get(download).status_code == 200
