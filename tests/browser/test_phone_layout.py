"""At phone width (390 px) no page of ours scrolls sideways, and the scrolling tables pass axe.

The pages are those council/tests/phone_pages.py finds by following links (the sections of
council, evaluation, participation and concept).
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve

from concept.models import User
from council.tests.phone_pages import crawl

from .conftest import axe_violations, login

PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "laatzen-demo"


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("loaddemo", "--force", verbosity=0)


@pytest.mark.parametrize("username", ["koordination", "rat"])
def test_no_page_scrolls_sideways_on_a_phone(page, demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    paths = list(crawl(client))
    names = {resolve(path).view_name for path in paths}
    assert {"council:paper-detail", "evaluation:matrix_detail", "evaluation:cycle_detail"} <= names

    page.set_viewport_size(PHONE)
    login(page, username, password=DEMO_PASSWORD)
    too_wide, violations = {}, {}
    for path in paths:
        page.goto(page.base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
        found = axe_violations(page)
        if found:
            violations[path] = found
    assert too_wide == {}
    assert violations == {}
