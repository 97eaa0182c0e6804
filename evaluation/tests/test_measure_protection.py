import pytest
from django.urls import reverse

from measures.models import Measure
from measures.tests.factories import MeasureFactory

from .factories import start_cycle


@pytest.mark.django_db
def test_assessed_measure_is_not_deleted_and_the_coordinator_is_told_why(client, coordinator):
    measure = MeasureFactory()
    cycle = start_cycle()
    assert cycle.assessments.filter(measure=measure).exists()
    client.force_login(coordinator)
    response = client.post(reverse("measures:delete", args=[measure.pk]), follow=True)
    assert Measure.objects.filter(pk=measure.pk).exists()
    body = response.content.decode()
    assert "kann nicht gelöscht werden" in body
    assert "abgebrochen" in body
    assert response.redirect_chain[-1][0] == measure.get_absolute_url()


@pytest.mark.django_db
def test_the_delete_page_of_an_assessed_measure_says_why_instead_of_offering_the_button(
    client, coordinator
):
    measure = MeasureFactory()
    start_cycle()
    client.force_login(coordinator)
    page = client.get(reverse("measures:delete", args=[measure.pk])).content.decode()
    assert "kann nicht gelöscht werden, weil sie noch verwendet wird (Bewertungen)" in page
    assert "Endgültig löschen" not in page
    assert Measure.objects.filter(pk=measure.pk).exists()
