"""An adopted revision is immutable: the services refuse, the admin shows it read-only."""

import datetime

import pytest
from django.urls import reverse

from council import snapshot
from council.models import RevisionState
from council.services import (
    RefusedError,
    revision_adopt,
    revision_freeze,
    revision_update,
)
from council.tests.factories import RevisionFactory, adopted_revision, frozen_revision

pytestmark = pytest.mark.django_db


def test_service_refuses_any_change_to_an_adopted_revision(coordinator):
    revision = adopted_revision(coordinator)
    with pytest.raises(RefusedError):
        revision_update(revision=revision, user=coordinator, title="Neu")
    with pytest.raises(RefusedError):
        revision_freeze(revision=revision, user=coordinator)
    with pytest.raises(RefusedError):
        revision_adopt(revision=revision, user=coordinator, decided_on=datetime.date(2027, 1, 1))
    revision.refresh_from_db()
    assert revision.title != "Neu"
    assert snapshot.verify(revision.snapshot, revision.snapshot_sha256)


def test_frozen_revision_keeps_its_content_but_title_may_change(coordinator):
    revision = frozen_revision(coordinator)
    sha = revision.snapshot_sha256
    with pytest.raises(RefusedError):
        revision_update(revision=revision, user=coordinator, evaluation_cycle_id=4)
    with pytest.raises(RefusedError):
        revision_freeze(revision=revision, user=coordinator)
    revision = revision_update(revision=revision, user=coordinator, title="Besserer Titel")
    assert revision.title == "Besserer Titel"
    assert revision.snapshot_sha256 == sha


def test_adopting_supersedes_the_previously_adopted_revision(coordinator):
    first = adopted_revision(coordinator, number=1)
    second = revision_adopt(
        revision=frozen_revision(coordinator, number=2),
        user=coordinator,
        decided_on=datetime.date(2028, 3, 1),
    )
    first.refresh_from_db()
    assert first.state == RevisionState.SUPERSEDED
    assert second.state == RevisionState.ADOPTED
    assert second.decided_on == datetime.date(2028, 3, 1)


def test_a_draft_cannot_be_adopted(coordinator):
    with pytest.raises(RefusedError):
        revision_adopt(
            revision=RevisionFactory(), user=coordinator, decided_on=datetime.date.today()
        )


def test_admin_shows_an_adopted_revision_read_only(client, coordinator):
    coordinator.is_superuser = False
    coordinator.save()
    revision = adopted_revision(coordinator)
    client.force_login(coordinator)
    url = reverse("admin:council_revision_change", args=[revision.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title"' not in html  # no input: shown read-only
    assert revision.title in html
    response = client.post(
        url,
        {
            "number": revision.number,
            "title": "Geändert im Admin",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
    )
    assert response.status_code == 403
    revision.refresh_from_db()
    assert revision.title != "Geändert im Admin"
    delete = client.post(
        reverse("admin:council_revision_delete", args=[revision.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403


def test_admin_lets_the_coordinator_edit_a_draft(client, coordinator):
    revision = RevisionFactory()
    client.force_login(coordinator)
    html = client.get(reverse("admin:council_revision_change", args=[revision.pk])).content.decode()
    assert 'name="title"' in html


def test_admin_shows_a_decided_paper_read_only(client, coordinator):
    from council.models import PaperStatus
    from council.tests.factories import CouncilPaperFactory

    paper = CouncilPaperFactory(status=PaperStatus.DECIDED, title="Beschlossen")
    client.force_login(coordinator)
    url = reverse("admin:council_councilpaper_change", args=[paper.pk])
    html = client.get(url).content.decode()
    assert 'name="title"' not in html
    assert client.post(url, {"title": "Geändert"}).status_code == 403
    paper.refresh_from_db()
    assert paper.title == "Beschlossen"
