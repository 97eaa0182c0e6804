"""Who may do what with editions and council papers.

- Coordinator: everything (create, edit, freeze, adopt, render, decide) while the object is
  not locked (an adopted revision and a decided paper are read-only for everybody).
- Council reader: frozen revisions (submitted, adopted, superseded), the diffs between them
  and against today's data, and every submitted or decided paper (public or not) with its PDF.
- Actor members (and any other logged-in user): adopted/superseded revisions and their diffs,
  public submitted/decided papers with their PDF.
- Anonymous: public submitted/decided papers through the OParl export only (see oparl views).

``Revision.objects.visible_to`` and ``CouncilPaper.objects.visible_to`` agree with the view
predicates; council/tests/test_rules.py proves it.
"""

import rules

from concept.rules import is_coordinator, is_council_reader, is_reader

from .models.revision import DECIDED_STATES, FROZEN_STATES


@rules.predicate
def revision_is_frozen(user, revision):
    return revision is not None and revision.state in FROZEN_STATES


@rules.predicate
def revision_is_adopted(user, revision):
    return revision is not None and revision.state in DECIDED_STATES


@rules.predicate
def revision_is_draft(user, revision):
    return revision is not None and revision.state not in FROZEN_STATES


@rules.predicate
def paper_is_released(user, paper):
    return paper is not None and paper.is_released


@rules.predicate
def paper_is_public(user, paper):
    return paper is not None and paper.is_public


@rules.predicate
def paper_is_open(user, paper):
    """Not yet decided: may still change."""
    return paper is not None and not paper.is_decided


@rules.predicate
def paper_is_draft(user, paper):
    return paper is not None and paper.status == "draft"


@rules.predicate
def paper_is_submitted(user, paper):
    return paper is not None and paper.status == "submitted"


@rules.predicate
def paper_has_pdf(user, paper):
    return paper is not None and paper.has_pdf


can_view_revision = (
    is_coordinator | (is_council_reader & revision_is_frozen) | (is_reader & revision_is_adopted)
)
can_view_paper = (
    is_coordinator
    | (is_council_reader & paper_is_released)
    | (is_reader & paper_is_public & paper_is_released)
)

rules.add_perm("council.view_revision", can_view_revision)
rules.add_perm("council.add_revision", is_coordinator)
rules.add_perm("council.change_revision", is_coordinator & ~revision_is_adopted)
rules.add_perm("council.freeze_revision", is_coordinator & revision_is_draft)
rules.add_perm("council.delete_revision", is_coordinator & revision_is_draft)
rules.add_perm("council.view_live_diff", is_coordinator | is_council_reader)

rules.add_perm("council.view_councilpaper", can_view_paper)
rules.add_perm("council.add_councilpaper", is_coordinator)
rules.add_perm("council.change_councilpaper", is_coordinator & paper_is_open)
rules.add_perm("council.delete_councilpaper", is_coordinator & paper_is_draft)
rules.add_perm("council.render_councilpaper", is_coordinator & paper_is_open)
rules.add_perm("council.submit_councilpaper", is_coordinator & paper_is_draft)
rules.add_perm("council.decide_councilpaper", is_coordinator & paper_is_submitted)
rules.add_perm("council.download_councilpaper", can_view_paper & paper_has_pdf)
# The PDF's SHA-256 on the page: the coordinator's check of the stored file, clutter for readers.
rules.add_perm("council.view_councilpaper_checksum", is_coordinator & paper_has_pdf)
