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


def test_measure_titles_wrap_between_words_on_a_phone(page, demo):
    """The title column keeps a readable width; the table scrolls inside its region."""
    page.set_viewport_size(PHONE)
    login(page, "rat", password=DEMO_PASSWORD)
    page.goto(page.base_url + "/massnahmen/")
    widths = page.eval_on_selector_all(
        "td.measure-title", "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 150
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_navigation_links_show_the_orange_focus_outline(page, demo):
    login(page, "rat", password=DEMO_PASSWORD)
    link = page.locator('.bg-municipal .nav-link[aria-current="page"]').first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    outline = link.evaluate(
        "e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth"
    )
    assert outline == "solid 3px"
