"""Who may do what with editions and council papers.

- Coordinator: everything (create, edit, freeze, adopt, render, decide) while the object is
  not locked (an adopted revision and a decided paper are read-only for everybody).
- Council reader: frozen revisions (submitted, adopted, superseded), the diffs between them
  and against today's data, and every submitted or decided paper (public or not) with its PDF.
- Actor members (and any other logged-in user): adopted/superseded revisions and their diffs,
  public submitted/decided papers with their PDF.
- Anonymous: public submitted/decided papers through the OParl export only (see oparl views).

Who reads which revision and paper is defined once, next to the models
(``visible_revision_states``, ``paper_scope``); ``visible_to`` and the view rules both read it,
and council/tests/test_rules.py checks that they agree.
"""

import rules

from concept.rules import is_coordinator, is_council_reader

from .models.paper import paper_scope
from .models.revision import DECIDED_STATES, FROZEN_STATES, visible_revision_states


@rules.predicate
def revision_is_adopted(user, revision):
    return revision is not None and revision.state in DECIDED_STATES


@rules.predicate
def revision_is_draft(user, revision):
    return revision is not None and revision.state not in FROZEN_STATES


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


@rules.predicate
def can_view_revision(user, revision):
    """``visible_revision_states``, as ``Revision.objects.visible_to`` reads it too."""
    states = visible_revision_states(user)
    return states is None or (revision is not None and revision.state in states)


@rules.predicate
def can_view_paper(user, paper):
    """``paper_scope``, as ``CouncilPaper.objects.visible_to`` reads it too."""
    scope = paper_scope(user)
    if scope.statuses is None:
        return True
    return (
        paper is not None
        and paper.status in scope.statuses
        and (paper.is_public or not scope.public_only)
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
# Documents kept with a paper: seen with the paper, managed while it is not yet decided.
rules.add_perm("council.manage_paper_documents", is_coordinator & paper_is_open)
rules.add_perm("council.download_councilpaper", can_view_paper & paper_has_pdf)
# The PDF's SHA-256 on the page: the coordinator's check of the stored file, clutter for readers.
rules.add_perm("council.view_councilpaper_checksum", is_coordinator & paper_has_pdf)
