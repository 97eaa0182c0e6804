"""The four journeys of the product, end to end, with the keyboard only.

No mouse clicks: Tab/Shift+Tab to move, Enter/Space to act, typing into fields, and at every
step the focused element must show a visible focus indicator (an outline or a box-shadow).
The skip link must be the first stop and move focus into <main>. The per-app browser tests
(test_measure_workflows, test_council, …) drive the same workflows with the mouse and add
the error paths (validation errors, imports, concurrent edits).
"""

import hashlib
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from council.models import CouncilPaper, PdfState, Revision, RevisionState
from measures.models import Measure, StatusUpdate
from measures.tests.factories import MeasureFactory
from tests.permission_matrix import all_routes

from .conftest import PASSWORD, assert_accessible

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const label = el.getAttribute('aria-label')
    || (el.labels && el.labels.length ? el.labels[0].innerText : '')
    || el.innerText || el.value || '';
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '',
    label: label.replace(/\\s+/g, ' ').replace(/\\s*\\*$/, '').trim(),
    visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || s.boxShadow !== 'none',
  };
}"""


@pytest.fixture
def keyboard_page(page):
    # Bootstrap animates the focus shadow; without motion the computed style is final at once.
    page.emulate_media(reduced_motion="reduce")
    return page


def focused(page):
    return page.evaluate(FOCUS_JS)


def tab_to(page, label=None, *, name=None, backwards=False, limit=150):
    """Press Tab (or Shift+Tab) until the element labelled ``label`` (or named ``name``) has
    focus; every element passed on the way must show where the focus is."""
    key = "Shift+Tab" if backwards else "Tab"
    trail = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if info is None:
            continue
        trail.append(info["label"] or info["name"])
        assert info["visible"], f"no visible focus on {info} at {page.url}"
        if (label is not None and info["label"] == label) or (
            name is not None and info["name"] == name
        ):
            return info
    raise AssertionError(f"{label or name!r} not reachable with {key} on {page.url}: {trail}")


def fill(page, text, label=None, *, name=None, clear=False):
    tab_to(page, label, name=name)
    if clear:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
    page.keyboard.type(text)


def choose(page, option_text, label=None, *, name=None):
    """Pick an option of a <select> by typing its beginning (the browser's type-ahead)."""
    tab_to(page, label, name=name)
    page.keyboard.type(option_text)
    selected = page.evaluate("() => document.activeElement.selectedOptions[0].text")
    assert selected.startswith(option_text), selected


def activate(page, label, *, key="Enter", backwards=False):
    tab_to(page, label, backwards=backwards)
    with page.expect_navigation():
        page.keyboard.press(key)
    page.wait_for_load_state()


def assert_skip_link_first(page):
    """Freshly loaded page: the first Tab stop is the skip link; Enter puts focus into <main>."""
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["label"] == "Zum Inhalt springen", info
    assert info["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def keyboard_login(page, username, password=PASSWORD):
    page.goto(f"{page.base_url}/konto/login/")
    # The username field has autofocus; Tab goes on from there (and round to the skip link).
    assert focused(page)["label"] == "Benutzername"
    fill(page, username, "Benutzername")
    fill(page, password, "Passwort")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "/konto/login/" not in page.url


def test_coordinator_makes_a_measure_smart_with_the_keyboard(keyboard_page):
    page = keyboard_page
    UserFactory(
        username="koordination-j", first_name="Kora", last_name="Ordinat", role=roles.COORDINATOR
    )
    ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    keyboard_login(page, "koordination-j")
    assert_skip_link_first(page)

    activate(page, "Maßnahmen")
    activate(page, "Neue Maßnahme")
    # The field first: it proposes its next free number (3.1), which may be overwritten.
    choose(page, "3", "Handlungsfeld")
    expect(page.get_by_label("Nummer")).to_have_value("3.1")
    fill(page, "3.9", "Nummer", clear=True)
    fill(page, "Elterncafé", "Titel")
    fill(page, "31.12.2027", "Frist")
    activate(page, "Speichern")
    measure = Measure.objects.get(number="3.9")
    assert re.search(rf"/massnahmen/{measure.pk}/$", page.url)
    warning = page.locator(".alert-warning").first.inner_text()
    assert "noch nicht SMART" in warning
    assert "Es fehlt ein Indikator" in warning

    activate(page, "Bearbeiten")
    fill(page, "Offener Treff mit Kinderbetreuung.", "Beschreibung")
    fill(page, "Eltern im Stadtteil", "Zielgruppe")
    fill(page, "Besuche pro Jahr", "Indikator")
    fill(page, "Personen", "Einheit")
    fill(page, "0", "Ausgangswert")
    fill(page, "1.200", "Zielwert")
    choose(page, "Volkshochschule", "Federführender Akteur")
    fill(page, "120", "Personal (Stunden pro Jahr)")
    fill(page, "12.500,00", "Finanzmittel (€)")
    activate(page, "Speichern")
    expect(page.get_by_role("status").filter(has_text="Die Maßnahme ist SMART.")).to_be_visible()
    history = page.locator(".history-entry")
    assert history.count() == 2
    expect(history.nth(0)).to_contain_text("geändert von Kora Ordinat")
    expect(history.nth(1)).to_contain_text("angelegt von Kora Ordinat")
    assert_accessible(page)


def test_actor_reports_and_confirms_with_the_keyboard_and_is_refused_elsewhere(keyboard_page):
    page = keyboard_page
    own = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    other = ActorFactory(name="AWO Ortsverein", short_name="AWO")
    MembershipFactory(actor=own, user__username="akteur-j")
    first = MeasureFactory(lead_actor=own, title="Sprachcafé", number="3.1", progress=40)
    second = MeasureFactory(lead_actor=own, title="Lesepaten", number="3.2", progress=70)
    foreign = MeasureFactory(lead_actor=other, title="Nachbarschaftsfest", number="2.1")

    keyboard_login(page, "akteur-j")
    expect(page.get_by_role("heading", name="Meine Maßnahmen")).to_be_visible()
    assert_skip_link_first(page)
    activate(page, "Sachstand melden zu 3.1")
    choose(page, "verzögert", "Status")
    fill(page, "55", "Fortschritt (%)", clear=True)
    fill(page, "Der Raum fehlt bis März.", "Sachstand in wenigen Sätzen")
    activate(page, "Sachstand speichern")
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, first.progress) == ("delayed", 55)

    # back to the start page through the navigation, from the end of the page (Shift+Tab)
    activate(page, "Übersicht", backwards=True)
    activate(page, "Unverändert, weiter im Plan (3.2)", key="Space")
    unchanged = page.get_by_role("status").filter(has_text="unverändert, weiter im Plan")
    expect(unchanged).to_be_visible()
    confirmed = StatusUpdate.objects.get(measure=second)
    assert confirmed.unchanged and confirmed.progress == 70

    response = page.goto(f"{page.base_url}/massnahmen/{foreign.pk}/bearbeiten/")
    assert response.status == 403

    # the dropdown of the navigation: Enter opens it, arrow keys walk it, Escape closes it
    page.goto(f"{page.base_url}/")
    tab_to(page, "Beteiligung")
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Beteiligung").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.get_by_role("button", name="Beteiligung").get_attribute("aria-expanded") == "false"
    assert focused(page)["label"] == "Beteiligung"
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("ArrowDown")
        info = focused(page)
        assert info["visible"], info
        if info["label"] == "Integrationskonferenzen":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrationskonferenzen")


def test_coordinator_freezes_writes_renders_and_downloads_with_the_keyboard(keyboard_page):
    page = keyboard_page
    UserFactory(username="koordination-jr", role=roles.COORDINATOR)
    MeasureFactory(number="1.1", title="Willkommensmappe", budget_amount=6500)

    keyboard_login(page, "koordination-jr")
    activate(page, "Fortschreibungen")
    activate(page, "Neue Fassung anlegen")
    fill(page, "Handlungskonzept Integration", "Titel")
    fill(page, "01.01.2026", "Laufzeit von")
    fill(page, "31.12.2027", "Laufzeit bis")
    activate(page, "Speichern")
    activate(page, "Einfrieren …")
    expect(page.get_by_role("heading", level=1)).to_contain_text("einfrieren?")
    activate(page, "Jetzt einfrieren")
    expect(page.get_by_text("geprüft: unverändert")).to_be_visible()
    revision = Revision.objects.get()
    assert revision.state == RevisionState.SUBMITTED

    page.goto(f"{page.base_url}/rat/drucksachen/neu/")
    choose(page, "Beschlussvorlage", "Art")
    fill(page, "Handlungskonzept Integration – Erstfassung", "Betreff")
    fill(page, "Der Rat beschließt das Konzept.", "Beschlussvorschlag")
    fill(page, "Absatz eins.\n\nAbsatz zwei.", "Text")
    fill(page, "Sozialausschuss", name="beratung-0-body_name")
    fill(page, "10.06.2026", name="beratung-0-meeting_date")
    fill(page, "4", name="beratung-0-agenda_item")
    choose(page, "Vorberatung", name="beratung-0-role")
    fill(page, "Rat", name="beratung-1-body_name")
    fill(page, "02.07.2026", name="beratung-1-meeting_date")
    fill(page, "12", name="beratung-1-agenda_item")
    choose(page, "Beschlussfassung", name="beratung-1-role")
    choose(page, revision.label, "Anlage: Fassung des Konzepts")
    activate(page, "Speichern")
    paper = CouncilPaper.objects.get()
    assert page.url.endswith(paper.get_absolute_url())
    assert [c.body_name for c in paper.consultations.all()] == ["Sozialausschuss", "Rat"]

    # rendered through the task backend (Immediate in tests; council/tests/test_rendering.py
    # runs a real db_worker process)
    activate(page, "PDF erzeugen")
    expect(page.locator("#pdf-state")).to_contain_text("fertig")
    tab_to(page, "PDF herunterladen")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.DONE
    assert hashlib.sha256(data).hexdigest() == paper.pdf_sha256


# Forms about the reader's own account are theirs to use: log out, own details, password,
# calendar link, reminders.
OWN_ACCOUNT = {
    "logout",
    "concept:account",
    "password_change",
    "participation:calendar_token",
    "participation:calendar_revoke",
    "participation:reminder_settings",
}


def _council_may_open() -> set[str]:
    return {r.name for r in all_routes() if r.expect["council"] == 200} | OWN_ACCOUNT


def _assert_read_only(page, allowed):
    """No form that changes anything (only logout) and no link to a page the reader may not
    open, i.e. no edit, delete or create control at all."""
    forms = page.eval_on_selector_all("form", "fs => fs.map(f => [f.method, f.action])")
    writes = [
        action
        for method, action in forms
        if method == "post" and _kind(urlsplit(action).path) not in OWN_ACCOUNT
    ]
    assert writes == [], f"{page.url}: forms that write: {writes}"
    hrefs = page.eval_on_selector_all("main a[href^='/']", "as => as.map(a => a.pathname)")
    for href in hrefs:
        try:
            name = resolve(href).view_name
        except Resolver404:
            continue
        assert name in allowed, f"{page.url}: link to {href} ({name}) the reader may not open"
    for word in ("Bearbeiten", "Löschen", "anlegen", "Neue ", "Neuer ", "einfrieren"):
        assert page.locator(f"main :is(a, button):has-text('{word}')").count() == 0, (
            f"{page.url}: control {word!r}"
        )


def test_council_reader_reads_and_downloads_with_the_keyboard_and_never_sees_a_control(
    keyboard_page, transactional_db
):
    page = keyboard_page
    call_command("loaddemo", "--force", verbosity=0)
    allowed = _council_may_open()
    keyboard_login(page, "rat", password="laatzen-demo")
    _assert_read_only(page, allowed)

    # every page a council reader can reach by links (one per kind), read only
    seen, kinds, queue = set(), set(), ["/"]
    while queue:
        path = queue.pop(0)
        if path in seen or _kind(path) in kinds:
            continue
        seen.add(path)
        head = page.request.get(page.base_url + path, max_redirects=0)
        if head.status != 200 or "text/html" not in head.headers.get("content-type", ""):
            continue
        kinds.add(_kind(path))
        page.goto(page.base_url + path)
        _assert_read_only(page, allowed)
        links = page.eval_on_selector_all("a[href^='/']", "as => as.map(a => a.pathname)")
        queue += [p for p in links if not p.startswith(("/static/", "/admin/", "/rat/oparl/"))]
    assert len(kinds) > 10

    # and by keyboard: navigation → papers → the adopted Beschlussvorlage → download
    page.goto(f"{page.base_url}/")
    activate(page, "Drucksachen")
    paper = CouncilPaper.objects.filter(pdf_state=PdfState.DONE).order_by("-pk").first()
    activate(page, f"{paper.number}")
    tab_to(page, "PDF herunterladen")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    with open(info.value.path(), "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == paper.pdf_sha256


def _kind(path):
    """Pages of one kind share a view name; the crawl opens one page per kind."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return path
