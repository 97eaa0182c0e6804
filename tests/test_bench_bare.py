"""make bench compares our pages with bare views: a bare view must show the same rows."""

import pytest
from django.test import override_settings
from django.urls import reverse

from measures.tests.factories import MeasureFactory
from measures.views.measures import MeasureListView


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.urls")
def test_bare_list_renders_the_list_pages_rows(client, coordinator):
    MeasureFactory.create_batch(MeasureListView.per_page + 5)
    client.force_login(coordinator)
    page = client.get(reverse("measures:list"))
    shown = [m.number for m in page.context["table"].page.object_list.data]
    bare = client.get(reverse("bare-list")).content.decode()
    rows = [cell.split("</td>")[0] for cell in bare.split("<tr><td>")[1:]]
    assert len(shown) == MeasureListView.per_page
    assert rows == shown
