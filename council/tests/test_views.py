"""Pages of editions and papers: forms, buttons, diffs, query counts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.tests.factories import action_field
from council.models import CouncilPaper, PaperStatus, RevisionState
from council.tests.factories import (
    ConsultationFactory,
    CouncilPaperFactory,
    RevisionFactory,
    frozen_revision,
    with_fake_pdf,
)
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_paper_list_queries_do_not_grow_with_rows(client, coordinator):
    client.force_login(coordinator)
    url = reverse("council:paper-list")
    revision = frozen_revision(coordinator)

    def make(n):
        for _ in range(n):
            CouncilPaperFactory(revision=revision)

    make(5)
    few = _queries(client, url)
    make(45)
    # session, user, groups (role cache), papers with their revision
    assert _queries(client, url) == few


def test_revision_list_queries_do_not_grow_with_rows(client, council, coordinator):
    client.force_login(council)
    url = reverse("council:revision-list")
    for n in range(5):
        frozen_revision(coordinator, number=n)
    few = _queries(client, url)
    for n in range(5, 50):
        RevisionFactory(number=n)
    # session, user, groups, revisions (without snapshot) with adopting paper
    assert _queries(client, url) == few


def _paper_post(**overrides):
    data = {
        "number": "2026/060",
        "kind": "beschlussvorlage",
        "is_public": "on",
        "date": "04.05.2026",
        "title": "Fortschreibung",
        "body": "Text",
        "proposed_resolution": "Der Rat beschließt.",
        "signature_intro": "Im Auftrag",
        "beratung-TOTAL_FORMS": "2",
        "beratung-INITIAL_FORMS": "0",
        "beratung-0-body_name": "Rat",
        "beratung-0-meeting_date": "20.06.2026",
        "beratung-0-agenda_item": "9",
        "beratung-0-role": "beschlussfassung",
        "beratung-0-ORDER": "2",
        "beratung-1-body_name": "Sozialausschuss",
        "beratung-1-meeting_date": "01.06.2026",
        "beratung-1-agenda_item": "4",
        "beratung-1-role": "vorberatung",
        "beratung-1-ORDER": "1",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_paper_with_an_ordered_beratungsfolge(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("council:paper-create"), _paper_post())
    paper = CouncilPaper.objects.get(number="2026/060")
    assert response.status_code == 302
    assert response["Location"] == paper.get_absolute_url()
    assert [(c.body_name, c.meeting_date) for c in paper.consultations.all()] == [
        ("Sozialausschuss", datetime.date(2026, 6, 1)),
        ("Rat", datetime.date(2026, 6, 20)),
    ]
    assert paper.status == PaperStatus.DRAFT


def test_bad_input_keeps_everything_and_says_what_is_wrong(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("council:paper-create"),
        _paper_post(
            number="26/1", proposed_resolution="", **{"beratung-0-meeting_date": "31.02.2026"}
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "JJJJ/NNN" in html
    assert "Beschlussvorschlag" in html
    assert "Sozialausschuss" in html and 'value="26/1"' in html
    assert not CouncilPaper.objects.exists()


def test_council_reader_sees_download_but_no_edit_buttons(client, council):
    paper = with_fake_pdf(CouncilPaperFactory(is_public=False))
    client.force_login(council)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert reverse("council:paper-download", args=[paper.pk]) in html
    for name in ("paper-update", "paper-render", "paper-submit", "paper-decide"):
        assert reverse(f"council:{name}", args=[paper.pk]) not in html


def test_paper_body_is_escaped_and_lists_are_html_lists(client, coordinator):
    paper = CouncilPaperFactory(body="<script>alert(1)</script>\n\n- eins\n - zwei")
    client.force_login(coordinator)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<ul><li>eins<ul><li>zwei</li></ul></li></ul>" in html


def test_freeze_asks_first_and_changes_nothing_until_confirmed(client, coordinator):
    MeasureFactory.create_batch(3)
    revision = RevisionFactory()
    client.force_login(coordinator)
    detail = client.get(revision.get_absolute_url()).content.decode()
    url = reverse("council:revision-freeze", args=[revision.pk])
    assert f'href="{url}"' in detail
    html = client.get(url).content.decode()
    assert "einfrieren?" in html
    assert "alle 3 Maßnahmen" in html
    assert "Das lässt sich nicht rückgängig machen." in html
    assert 'method="post"' in html and "Jetzt einfrieren" in html
    revision.refresh_from_db()
    assert revision.state == RevisionState.DRAFT


def test_freeze_from_the_page_and_show_the_verified_hash(client, coordinator):
    MeasureFactory(number="1.1")
    revision = RevisionFactory()
    client.force_login(coordinator)
    client.post(reverse("council:revision-freeze", args=[revision.pk]))
    revision.refresh_from_db()
    assert revision.state == RevisionState.SUBMITTED
    html = client.get(revision.get_absolute_url()).content.decode()
    assert revision.snapshot_sha256 in html
    assert "geprüft: unverändert" in html
    assert "Einfrieren …" not in html


@time_machine.travel(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_decision_from_the_page_adopts_the_revision(client, coordinator):
    revision = frozen_revision(coordinator)
    paper = with_fake_pdf(
        CouncilPaperFactory(kind="beschlussvorlage", proposed_resolution="x", revision=revision)
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("council:paper-decide", args=[paper.pk]), {"decided_on": "02.07.2026"}
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == RevisionState.ADOPTED
    html = client.get(revision.get_absolute_url()).content.decode()
    assert "Bearbeiten" not in html


def test_diff_page_between_two_revisions(client, coordinator, council):
    measure = MeasureFactory(number="1.1", budget_amount=6500)
    old = frozen_revision(coordinator, number=1)
    measure.budget_amount = 8000
    measure.save()
    new = frozen_revision(coordinator, number=2)
    client.force_login(council)
    html = client.get(
        reverse("council:revision-diff") + f"?alt={new.pk}&neu={old.pk}"
    ).content.decode()
    assert "Finanzmittel von 6.500,00 € auf 8.000,00 € erhöht" in html
    assert "Änderungen von der 1. Fortschreibung zur 2. Fortschreibung" in html
    bad = client.get(reverse("council:revision-diff") + "?alt=x&neu=1")
    assert bad.status_code == 400
    assert "Bitte zwei Fassungen auswählen." in bad.content.decode()


def test_live_diff_shows_changes_since_the_last_revision(client, coordinator):
    measure = MeasureFactory(number="1.1")
    frozen_revision(coordinator)
    measure.deadline = datetime.date(2028, 6, 30)
    measure.save()
    client.force_login(coordinator)
    html = client.get(reverse("council:live-diff")).content.decode()
    assert "Frist vom 31.12.2027 auf 30.06.2028 verschoben" in html


def test_live_diff_heading_from_the_first_edition_is_grammatical(client, coordinator):
    frozen_revision(coordinator, number=0)
    client.force_login(coordinator)
    html = client.get(reverse("council:live-diff")).content.decode()
    assert "Änderungen von der Erstfassung zum heutigen Stand" in html
    assert "zu heutiger Stand" not in html


def test_diff_headings_between_editions_are_grammatical(client, coordinator):
    first = frozen_revision(coordinator, number=0)
    second = frozen_revision(coordinator, number=1)
    client.force_login(coordinator)
    url = reverse("council:revision-diff") + f"?alt={first.pk}&neu={second.pk}"
    html = client.get(url).content.decode()
    assert "Änderungen von der Erstfassung zur 1. Fortschreibung" in html
    detail = client.get(second.get_absolute_url()).content.decode()
    assert "Änderungen gegenüber der Erstfassung" in detail
    live = client.get(reverse("council:live-diff")).content.decode()
    assert "Änderungen von der 1. Fortschreibung zum heutigen Stand" in live


def test_consultations_of_the_page_are_listed(client, coordinator):
    paper = CouncilPaperFactory()
    ConsultationFactory(paper=paper, body_name="Verwaltungsausschuss", agenda_item="7")
    client.force_login(coordinator)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Verwaltungsausschuss" in html


def test_paper_detail_queries_do_not_grow_with_consultations(client, coordinator):
    paper = with_fake_pdf(CouncilPaperFactory(revision=frozen_revision(coordinator)))
    client.force_login(coordinator)
    url = paper.get_absolute_url()
    ConsultationFactory(paper=paper)
    few = _queries(client, url)
    for _ in range(20):
        ConsultationFactory(paper=paper)
    # session, user, groups, paper with revision, consultations, previous revision (diff)
    assert _queries(client, url) == few


def test_revision_detail_queries_do_not_grow_with_measures(client, coordinator):
    for n in range(3):
        MeasureFactory(number=f"1.{n + 1}")
    small = frozen_revision(coordinator, number=1)
    for n in range(3, 40):
        MeasureFactory(number=f"1.{n + 1}")
    big = frozen_revision(coordinator, number=2)
    client.force_login(coordinator)
    # session, user, groups, revision, previous revision, papers
    assert _queries(client, small.get_absolute_url()) == _queries(client, big.get_absolute_url())


def test_pdf_state_is_reported_as_json_for_the_page_script(client, council):
    paper = with_fake_pdf(CouncilPaperFactory())
    client.force_login(council)
    data = client.get(reverse("council:paper-pdf-state", args=[paper.pk])).json()
    assert data == {"state": "done", "label": "fertig"}


def test_navigation_shows_papers_and_revisions_to_logged_in_users(client, actor_member):
    client.force_login(actor_member)
    html = client.get(reverse("council:paper-list")).content.decode()
    assert f'href="{reverse("council:paper-list")}" aria-current="page"' in html
    assert reverse("council:revision-list") in html
    assert "Neue Drucksache" not in html


def test_only_the_coordinator_sees_the_pdf_checksum(client, coordinator, council):
    paper = with_fake_pdf(CouncilPaperFactory())
    assert not council.has_perm("council.view_councilpaper_checksum", paper)
    assert coordinator.has_perm("council.view_councilpaper_checksum", paper)
    client.force_login(council)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "PDF herunterladen" in page
    assert paper.pdf_sha256 not in page and "SHA-256" not in page
    client.force_login(coordinator)
    page = client.get(paper.get_absolute_url()).content.decode()
    assert paper.pdf_sha256 in page


def _heading_levels(html: str) -> list[int]:
    import re

    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def _assert_no_skipped_heading_level(html: str):
    levels = _heading_levels(html)
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} followed by h{after}: {levels}"


def _title_and_h1(html: str) -> tuple[str, str]:
    import re

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    return title, h1


def test_diff_pages_skip_no_heading_level_and_title_their_h1(client, coordinator):
    measure = MeasureFactory(number="3.1", action_field=action_field(3))
    frozen_revision(coordinator, number=1)
    measure.title = "Neuer Titel"
    measure.save()
    frozen_revision(coordinator, number=2)
    measure.deadline = datetime.date(2028, 6, 30)
    measure.save()
    client.force_login(coordinator)
    for url in (reverse("council:live-diff"), reverse("council:revision-diff")):
        html = client.get(url).content.decode()
        assert "Handlungsfeld 3" in html
        _assert_no_skipped_heading_level(html)
        title, h1 = _title_and_h1(html)
        assert h1 in title


def test_compare_page_without_two_editions_is_titled_like_its_h1(client, coordinator):
    client.force_login(coordinator)
    title, h1 = _title_and_h1(client.get(reverse("council:revision-diff")).content.decode())
    assert h1 == "Fassungen vergleichen" and h1 in title


def test_pdf_diff_annexes_skip_no_heading_level(coordinator):
    from django.template.loader import render_to_string

    from council.renderers.attachments import attachment_context

    measure = MeasureFactory(number="3.1", action_field=action_field(3))
    frozen_revision(coordinator, number=1)
    measure.title = "Neuer Titel"
    measure.save()
    current = frozen_revision(coordinator, number=2)
    measure.deadline = datetime.date(2028, 6, 30)
    measure.save()
    paper = CouncilPaperFactory(revision=current, attach_diff=True, attach_live_diff=True)
    html = render_to_string("council/pdf/paper.html", {"paper": paper, **attachment_context(paper)})
    assert html.count("Handlungsfeld 3: ") >= 3  # measures, diff and live diff annexes
    _assert_no_skipped_heading_level(html)
