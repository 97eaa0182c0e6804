"""Who may do what; the list querysets agree with the object predicates."""

import pytest
from django.contrib.auth.models import AnonymousUser

from concept.tests.factories import UserFactory
from council.models import CouncilPaper, PaperStatus, Revision
from council.tests.factories import (
    CouncilPaperFactory,
    RevisionFactory,
    adopted_revision,
    frozen_revision,
    with_fake_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def revisions(coordinator):
    return [
        adopted_revision(coordinator, number=1),
        frozen_revision(coordinator, number=2),
        RevisionFactory(number=3),
    ]


@pytest.fixture
def papers():
    return [
        CouncilPaperFactory(status=PaperStatus.DRAFT),
        CouncilPaperFactory(status=PaperStatus.SUBMITTED),
        CouncilPaperFactory(status=PaperStatus.SUBMITTED, is_public=False),
        CouncilPaperFactory(status=PaperStatus.DECIDED),
        CouncilPaperFactory(status=PaperStatus.DECIDED, is_public=False),
    ]


@pytest.fixture
def everyone(coordinator, actor_member, council):
    return [coordinator, actor_member, council, UserFactory(username="ohne-rolle"), AnonymousUser()]


def test_revision_queryset_agrees_with_view_permission(revisions, everyone):
    for user in everyone:
        listed = set(Revision.objects.visible_to(user))
        allowed = {r for r in revisions if user.has_perm("council.view_revision", r)}
        assert listed == allowed, user


def test_paper_queryset_agrees_with_view_permission(papers, everyone):
    for user in everyone:
        listed = set(CouncilPaper.objects.visible_to(user))
        allowed = {p for p in papers if user.has_perm("council.view_councilpaper", p)}
        assert listed == allowed, user


def test_only_the_coordinator_creates_and_edits(papers, revisions, everyone):
    coordinator, *others = everyone
    draft_paper, draft_revision = papers[0], revisions[2]
    assert coordinator.has_perm("council.add_councilpaper")
    assert coordinator.has_perm("council.change_councilpaper", draft_paper)
    assert coordinator.has_perm("council.freeze_revision", draft_revision)
    for user in others:
        assert not user.has_perm("council.add_councilpaper")
        assert not user.has_perm("council.add_revision")
        for paper in papers:
            assert not user.has_perm("council.change_councilpaper", paper)
            assert not user.has_perm("council.render_councilpaper", paper)
        for revision in revisions:
            assert not user.has_perm("council.change_revision", revision)


def test_locked_objects_are_read_only_even_for_the_coordinator(coordinator, revisions, papers):
    assert not coordinator.has_perm("council.change_revision", revisions[0])  # adopted
    assert not coordinator.has_perm("council.change_councilpaper", papers[3])  # decided
    assert not coordinator.has_perm("council.render_councilpaper", papers[3])


def test_council_downloads_adopted_and_submitted_papers_actors_only_public_ones(
    council, actor_member, papers
):
    for paper in papers:
        with_fake_pdf(paper)
    draft, public, private, decided, decided_private = papers
    assert council.has_perm("council.download_councilpaper", decided)
    assert council.has_perm("council.download_councilpaper", private)
    assert council.has_perm("council.download_councilpaper", decided_private)
    assert not council.has_perm("council.download_councilpaper", draft)
    assert actor_member.has_perm("council.download_councilpaper", public)
    assert not actor_member.has_perm("council.download_councilpaper", private)
    assert not actor_member.has_perm("council.download_councilpaper", draft)
