import pytest
from django.urls import reverse

from measures.tests.factories import MeasureFactory


@pytest.mark.django_db
def test_forbidden_page_is_german_and_keeps_the_navigation(client, other_member):
    measure = MeasureFactory()
    client.force_login(other_member)
    response = client.get(reverse("measures:update", args=[measure.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Keine Berechtigung" in body
    assert 'lang="de"' in body


@pytest.mark.django_db
def test_not_found_page_is_german(client, council):
    client.force_login(council)
    response = client.get("/massnahmen/999999/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
