"""A hostile text in every free-text field of every model stays text everywhere it is shown.

Fields are found through ``_meta`` (every CharField/TextField without choices of our apps'
models and of the user model), so a new field is covered without touching this file. Each
payload goes into every such field of every row of the permission-matrix world; then every
page the matrix lets a role open is requested as that role, the exports are opened with
openpyxl/csv, and the PDFs are rendered and read back with pypdf.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from core import pdf
from core.tests.fakes import FAKE_PDF
from tests.permission_matrix import ROLES, all_routes

# Each goes through every page, export and PDF.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil")',
]
# The other formula starts: harmless in HTML and PDF, so only the exports are opened (every
# spreadsheet or CSV route is named ``…export``; the sweep above checks that it stays so).
FORMULA_PAYLOADS = ["+1", "-1", "@SUM(A1)"]
FORMULA_START = ("=", "+", "-", "@")
# Not free text: the password hash. Slugs and non-editable fields (tokens, checksums) are
# skipped as well: no form lets a person type into them.
SKIP_FIELDS = {"password"}


def _models():
    ours = [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    for config in ours:
        yield from config.get_models()
    yield get_user_model()


def text_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField)
            and not field.choices
            and not field.primary_key
            and field.editable
            and field.name not in SKIP_FIELDS
        ):
            yield field


def _unique_together(model) -> set[str]:
    names = {name for group in model._meta.unique_together for name in group}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def inject(payload: str) -> set[str]:
    """Write ``payload`` into every free-text field of every row; return the values written.

    ``QuerySet.update`` on purpose: no validation and no history, just hostile data at rest.
    Unique fields get the primary key appended; short fields get the payload cut to fit.
    """
    written = set()
    for model in _models():
        fields = list(text_fields(model))
        if not fields:
            continue
        unique = {f.name for f in fields if f.unique} | _unique_together(model)
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {}
            for field in fields:
                suffix = f"{pk}" if field.name in unique else ""
                limit = (field.max_length or 10_000) - len(suffix)
                values[field.attname] = payload[:limit] + suffix
            model._default_manager.filter(pk=pk).update(**values)
            written.update(values.values())
    return written


def pages(world, exports_only=False):
    """(role, route name, url) of every GET route that answers 200 for that role."""
    for route in all_routes():
        if route.method != "get" or (exports_only and not route.name.endswith("export")):
            continue
        for role in ROLES:
            if route.expect[role] == 200:
                url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
                yield role, route.name, url


def fetch(client, world, role, url):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code < 500, f"{role} {url}"
    body = b"".join(response) if response.streaming else response.content
    return response.get("Content-Type", ""), body


def assert_no_formula(cells, where):
    for cell in cells:
        if isinstance(cell, str):
            assert not cell.startswith(FORMULA_START), f"{where}: formula cell {cell!r}"


def check_xlsx(content, where):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula in {sheet.title}!{cell.coordinate}"
            assert_no_formula([c.value for c in row], f"{where} {sheet.title}")


def check_csv(content, where):
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
    for row in csv.reader(io.StringIO(text), dialect):
        assert_no_formula(row, where)


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    names = reader.trailer["/Root"].get("/Names", {})
    assert "/EmbeddedFiles" not in names, "the PDF carries an attachment"
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the PDF renderer was asked for."""
    urls = []
    original = pdf.StaticOnlyURLFetcher.fetch

    def fetch(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyURLFetcher, "fetch", fetch)
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_text_field_stays_text_in_pages_exports_and_pdfs(
    client, world, payload, fetched
):
    from council.models import CouncilPaper, Revision
    from council.renderers import paper as paper_renderer
    from council.services import revision_freeze
    from evaluation import report

    written = inject(payload)
    # A new edition frozen now carries the payload in its snapshot, too.
    fresh = Revision.objects.create(
        number=99, title=payload[:200], period_start="2026-01-01", period_end="2027-12-31"
    )
    revision_freeze(revision=fresh, user=None)
    dangerous = {v for v in written if "<" in v or '"' in v}
    escaped_seen = 0

    checked = list(pages(world))
    checked += [
        ("coordinator", "council:revision-detail", fresh.get_absolute_url()),
        ("council", "council:revision-detail", fresh.get_absolute_url()),
    ]
    for role, name, url in checked:
        content_type, body = fetch(client, world, role, url)
        where = f"{role} {url}"
        if "spreadsheetml" in content_type or "csv" in content_type:
            assert name.endswith("export"), f"{where}: name export routes …export"
        if "html" in content_type:
            html = body.decode()
            for value in dangerous:
                assert value not in html, f"{where}: raw {value!r}"
            escaped_seen += escape(payload) in html
        elif "json" in content_type:
            json.loads(body)
        elif "spreadsheetml" in content_type:
            check_xlsx(body, where)
        elif "csv" in content_type:
            check_csv(body, where)
        elif "pdf" in content_type and body != FAKE_PDF:  # stored stand-ins are no PDFs
            pdf_text(body)

    assert escaped_seen >= 20, "the payload should show (escaped) on many pages"

    for paper in CouncilPaper.objects.all():
        __, __, content = paper_renderer.render(paper)
        assert payload in pdf_text(content), f"paper {paper.pk}"
    __, __, content = report.render(world.closed_cycle)
    assert payload in pdf_text(content)
    assert not [u for u in fetched if not u.startswith(pdf.PDF_BASE_URL + "static/")]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_formula_payload_is_neutralised_in_every_export(client, world, payload):
    inject(payload)
    exports = list(pages(world, exports_only=True))
    assert len(exports) >= 3
    for role, __, url in exports:
        content_type, body = fetch(client, world, role, url)
        if "spreadsheetml" in content_type:
            check_xlsx(body, f"{role} {url}")
        elif "json" in content_type:
            continue  # a data subject's export (DSGVO Art. 15): data, no spreadsheet formulas
        else:
            assert "csv" in content_type, f"{role} {url}: {content_type}"
            check_csv(body, f"{role} {url}")
