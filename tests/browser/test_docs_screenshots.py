"""The handbook's screenshots (docs/img/*.png) come from here: each role's main page on the
demo data, in the real app.

The pages are always opened and checked (heading and a piece of content), so the handbook never
shows a page that no longer renders. The PNGs are written only with DOCS_SCREENSHOTS=1, so that
a normal test run (and CI) leaves the work tree alone:

    DOCS_SCREENSHOTS=1 .venv/bin/python -m pytest -n 0 tests/browser/test_docs_screenshots.py
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from .conftest import login

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"
DEMO_PASSWORD = "laatzen-demo"
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def demo(transactional_db):
    call_command("loaddemo", "--force", verbosity=0)


def _shoot(page, name: str, heading: str):
    """Assert the page rendered (its <h1>) and, when asked for, write docs/img/<name>.png."""
    page.wait_for_load_state()
    h1 = page.locator("h1").first
    assert heading in h1.inner_text(), f"{page.url}: <h1> is {h1.inner_text()!r}"
    if os.environ.get("DOCS_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMG / f"{name}.png"), full_page=False)


def _logout(page):
    page.context.clear_cookies()


def test_each_roles_main_pages_render_for_the_handbook(demo, page):
    from concept.models import User
    from council.models import CouncilPaper
    from measures.models import Measure

    page.set_viewport_size(VIEWPORT)
    actor = User.objects.get(username="akteur")
    own = (
        Measure.objects.filter(lead_actor__memberships__user=actor, status="in_progress")
        .order_by("number")
        .first()
    )
    assert own is not None, "the demo actor leads a running measure"
    paper = CouncilPaper.objects.get(number="2018/222/1")

    # Coordination: the overview and a measure page.
    login(page, "koordination", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/")
    _shoot(page, "koordination-uebersicht", "Übersicht")
    assert page.get_by_text("Willkommenskultur").first.is_visible()
    page.goto(f"{page.base_url}/massnahmen/")
    _shoot(page, "koordination-massnahmenliste", "Maßnahmen")
    page.goto(f"{page.base_url}{own.get_absolute_url()}")
    _shoot(page, "massnahme", own.title)
    assert page.get_by_text("federführend").first.is_visible()
    _logout(page)

    # Actor: their own measures first, then the status report form.
    login(page, "akteur", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/")
    _shoot(page, "akteur-uebersicht", "Übersicht")
    assert page.get_by_role("heading", name="Meine Maßnahmen").is_visible()
    page.goto(f"{page.base_url}{own.get_absolute_url()}sachstand/")
    _shoot(page, "akteur-sachstand", "Sachstand")
    assert page.get_by_label("Fortschritt").first.is_visible()
    _logout(page)

    # Council: a council paper.
    login(page, "rat", DEMO_PASSWORD)
    page.goto(f"{page.base_url}{paper.get_absolute_url()}")
    _shoot(page, "rat-drucksache", paper.title[:20])
    assert page.get_by_text("2018/222/1").first.is_visible()
    _logout(page)

    # The public: the published concept, no login.
    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    _shoot(page, "oeffentlich", "Handlungskonzept Integration")
    assert page.get_by_role("link", name="1. Willkommenskultur").is_visible()
    assert page.get_by_role("button", name="Abmelden").count() == 0
