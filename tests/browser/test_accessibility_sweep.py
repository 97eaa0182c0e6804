"""Accessibility sweep: every page each role can reach, with the demo data, has zero axe
violations (WCAG 2.1 A/AA).

The pages are found by crawling, as the role would: start at the home page, follow every link
of ours. So a new page linked from anywhere is swept without touching this file. What a crawl
cannot reach (forms with validation errors, error pages, the password pages) is added by hand.
A coverage check compares the pages visited with the permission matrix: every HTML page the
matrix says a role may open must have been swept for that role (or be listed in NOT_CRAWLED
with the reason).
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.permission_matrix import all_routes

from .conftest import axe_violations, login

DEMO_PASSWORD = "laatzen-demo"
DEMO_USERS = {"coordinator": "koordination", "actor": "akteur", "council": "rat"}

# Never followed: Django's admin (tested by Django), static files, downloads and feeds.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/rat/oparl/")
# Pages of one kind (same URL name) visited at most this often (e.g. two measure details).
PER_VIEW = 2
# ... except council papers: each state (draft, submitted, decided, with a Sachstandsbericht)
# links other pages
PER_VIEW_OF = {"council:paper-detail": 5}

# Matrix routes that are no HTML page of their own (files, JSON, feeds) or only reached by a
# form: the sweep does not expect to find them by following links.
NOT_HTML = {
    "measures:export",
    "measures:import_preview",  # reached by uploading a file; covered in test_measure_workflows
    "evaluation:cycle_report_pdf",
    "evaluation:cycle_report_state",
    "council:paper-download",
    "council:paper-status-report",  # the Sachstandsbericht: a PDF
    "council:paper-pdf-state",
    "participation:survey_export",
    "participation:calendar_feed",
    "participation:conference_minutes",  # a text file
    "healthz",
    "concept:branding_css",  # the municipality's colours: a style sheet every page links
    "public:csv_export",  # open data: CSV, JSON and the JSON API
    "public:json_export",
    "public_api:index",
    "public_api:measures",
    "public_api:measure",
    "public_api:action_fields",
    "public_api:openapi",
    "concept:user_export",  # a data subject's export: a JSON or ZIP download
    # Documents: downloads (files) and their POST-only forms; the demo data has no documents
    # (measures/tests/test_documents.py and the permission matrix cover them).
    "measures:document",
    "measures:document_add",
    "measures:document_delete",
    "participation:conference_document",
    "participation:conference_document_add",
    "participation:conference_document_delete",
    "council:paper-document",
    "council:paper-document-add",
    "council:paper-document-delete",
    "public:document",
}
# Pages behind a personal link (the token in a mail is the key): no page links them; axe runs
# on them in test_personal_link.py.
MAILED_ONLY = {"participation:link_home", "participation:link_report"}
# Per role: pages the matrix allows but no link leads to, with the reason.
NOT_CRAWLED: dict[str, set[str]] = {
    # The transparency page is linked only for the coordinator; swept anonymously below.
    # Actors see adopted editions only; the demo has one, so there is nothing to compare.
    "actor": {"public:overview", "council:revision-diff"},
    "council": {"public:overview"},
}


@pytest.fixture
def demo(transactional_db):
    """The demo data plus the states it has no example of, so that every page has a link."""
    from concept.models import User
    from council.models import PaperStatus
    from council.services import revision_freeze
    from council.tests.factories import CouncilPaperFactory, RevisionFactory
    from evaluation.models import EvaluationMatrix
    from evaluation.services import matrix_copy
    from measures.models import Measure
    from measures.note_services import note_add
    from measures.services import measure_report_status

    call_command("loaddemo", "--force", verbosity=0)
    # Measures reported on for a year: their details link to all reports and the full history.
    # The actor's own and the first of the list, so that every role's crawl meets one.
    actor = User.objects.get(username=DEMO_USERS["actor"])
    own = Measure.objects.filter(lead_actor__memberships__user=actor)
    for measure in {*own, *Measure.objects.all()[:3]}:
        for month in range(1, 13):
            measure_report_status(measure=measure, user=actor, status="in_progress", progress=month)
        # and a partner's note: the measure page links all notes (and their deletion)
        partner = measure.partners.first()
        if partner is not None:
            note_add(measure=measure, actor=partner, text="Wir unterstützen mit Räumen.")
    revision_freeze(revision=RevisionFactory(number=1, title="Fortschreibung 2027"), user=None)
    RevisionFactory(number=2, title="Fortschreibung 2028 (Entwurf)")
    CouncilPaperFactory(status=PaperStatus.DRAFT, title="Sachstand (Entwurf)")
    CouncilPaperFactory(status=PaperStatus.SUBMITTED, title="Beschlussvorlage (eingebracht)")
    matrix_copy(matrix=EvaluationMatrix.objects.order_by("pk").first())


def _view_name(path):
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    origin = urlsplit(page.base_url)
    for href in hrefs:
        parts = urlsplit(urljoin(page.url, href))
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(page, start="/"):
    """Visit every HTML page reachable by links; return {path: violations}, view names seen."""
    seen_paths, per_view, results, names = set(), {}, {}, set()
    queue = [start]
    while queue:
        path = queue.pop(0)
        if path in seen_paths:
            continue
        seen_paths.add(path)
        name = _view_name(urlsplit(path).path)
        if name is None or name.startswith(("admin:", "logout")):
            continue
        if per_view.get(name, 0) >= PER_VIEW_OF.get(name, PER_VIEW):
            continue
        head = page.request.get(page.base_url + path, max_redirects=0)
        if head.status != 200 or "text/html" not in head.headers.get("content-type", ""):
            continue
        per_view[name] = per_view.get(name, 0) + 1
        names.add(name)
        page.goto(page.base_url + path)
        results[path] = axe_violations(page)
        queue.extend(p for p in _links(page) if p not in seen_paths)
    return results, names


def _submit_empty(page, path):
    """Open a create form and send it without filling anything in: validation errors."""
    page.goto(page.base_url + path)
    form = page.locator("main form[method=post]").last
    form.evaluate("f => { f.noValidate = true; }")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state()
    return axe_violations(page)


def _expected_pages(role):
    return {
        route.name
        for route in all_routes()
        if route.method == "get"
        and route.expect[role] == 200
        and route.name not in NOT_HTML
        and route.name not in MAILED_ONLY
        and not route.name.startswith("council:oparl-")  # JSON API
    }


def _failures(results):
    return {path: violations for path, violations in results.items() if violations}


@pytest.mark.parametrize("role", ["coordinator", "actor", "council"])
def test_every_page_a_role_reaches_has_no_axe_violations(page, demo, role):
    login(page, DEMO_USERS[role], password=DEMO_PASSWORD)
    results, names = crawl(page)

    # Forms with validation errors: every create form sent empty.
    for path in [p for p in results if _view_name(urlsplit(p).path).endswith("create")]:
        results[f"{path} (leer abgeschickt)"] = _submit_empty(page, path)
    for path in ("/konto/password_change/", "/gibt-es-nicht/"):
        page.goto(page.base_url + path)
        results[path] = axe_violations(page)
    if role != "coordinator":
        response = page.goto(page.base_url + "/massnahmen/neu/")
        assert response.status == 403
        results["403"] = axe_violations(page)

    assert _failures(results) == {}
    missing = _expected_pages(role) - names - NOT_CRAWLED.get(role, set())
    assert not missing, f"{role}: no link leads to {sorted(missing)}"


def test_public_and_login_pages_have_no_axe_violations(page, demo):
    results = {}
    for path in ("/konto/login/", "/beteiligung/oeffentlich/", "/konto/password_reset/"):
        page.goto(page.base_url + path)
        results[path] = axe_violations(page)
    login(page, "koordination", password="falsch")
    results["login (falsches Passwort)"] = axe_violations(page)
    assert _failures(results) == {}
