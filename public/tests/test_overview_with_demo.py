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
