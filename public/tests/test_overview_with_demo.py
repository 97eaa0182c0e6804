"""The public page renders with the realistic demo data, for each role and anonymously."""

import pytest
from django.urls import reverse

from concept.models import User


@pytest.mark.parametrize("username", ["koordination", "akteur", "rat", None])
def test_demo_public_page_renders(client, demo_data, username):
    if username:
        client.force_login(User.objects.get(username=username))
    response = client.get(reverse("public:overview"))
    # the demo publishes the page (participation's demo sets the switch)
    assert response.status_code == 200
    # the seven action fields
    assert response.content.decode().count('<section aria-labelledby="field-') == 7


def test_demo_page_lists_and_counts_every_measure_of_the_edition(client, demo_data):
    """Issue #21: the demo's 40 adopted measures (5 not SMART) are all there, and the
    introduction says so instead of "alle" over 35."""
    from council.models import Revision

    adopted = Revision.objects.in_force().snapshot["measures"]
    page = client.get(reverse("public:overview")).content.decode()
    not_smart = sum(1 for m in adopted if m["smart_missing"])
    assert not_smart > 0
    assert page.count('<tr class="public-measure') == len(adopted)
    assert f"Diese Seite zeigt alle {len(adopted)} Maßnahmen der Fassung" in page
    assert f"{not_smart} Maßnahmen sind noch nicht SMART" in page
    assert page.count(">noch nicht SMART</span>") == not_smart
