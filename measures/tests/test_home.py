import pytest
from django.urls import reverse

from concept.tests.factories import action_field
from measures.models import MeasureStatus

from .factories import MeasureFactory


@pytest.mark.django_db
def test_start_page_needs_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_start_page_lists_the_seven_fields_with_counts_per_status(client, council):
    MeasureFactory.create_batch(2, action_field=action_field(3), status=MeasureStatus.DELAYED)
    MeasureFactory(action_field=action_field(3), status=MeasureStatus.COMPLETED)
    client.force_login(council)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.field.number for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    statuses = [s.value for s in response.context["statuses"]]
    third = rows[2]
    assert third.counts[statuses.index("delayed")] == 2
    assert third.counts[statuses.index("completed")] == 1
    assert third.total == 3
    assert response.context["total"] == 3
    assert "Bildung und Sprache" in response.content.decode()


@pytest.mark.django_db
def test_start_page_query_count_does_not_grow_with_measures(client, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(council)
    MeasureFactory.create_batch(5)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    MeasureFactory.create_batch(45, action_field=action_field(5))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("home"))
    # session, user, aggregates per field, action fields, own measures, groups, 2× model perms
    assert len(few) == len(many)
    assert len(many) <= 8
