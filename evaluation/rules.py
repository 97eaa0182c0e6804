"""Who may do what in the evaluation.

- Koordination: everything.
- Members of an actor: see running and closed cycles with the assessments of the measures
  their actor leads; draft those (self-assessment) while they are not final and the cycle runs.
- Council readers: see a cycle, its assessments, results and report once it is closed; a
  running cycle does not exist for them (404).
- The report PDF: whoever may see the results may have it rendered (a preview of a running
  cycle, or the final report of a closed one if it is missing); the service does nothing
  while one is pending or the stored one is up to date.
- Matrices: every logged-in user may read them (they are fixed in public before an
  evaluation); only the coordinator changes them.
"""

import rules

from concept.rules import is_coordinator, is_council_reader, is_reader
from measures.rules import is_lead_member

from .models import AssessmentState, CycleState


@rules.predicate
def is_closed_cycle(user, cycle):
    return cycle is not None and cycle.state == CycleState.CLOSED


@rules.predicate
def is_member_with_memberships(user):
    return user.is_authenticated and user.memberships.exists()


@rules.predicate
def leads_assessed_measure(user, assessment):
    return assessment is not None and is_lead_member(user, assessment.measure)


@rules.predicate
def in_closed_cycle(user, assessment):
    return assessment is not None and assessment.cycle.state == CycleState.CLOSED


@rules.predicate
def is_editable(user, assessment):
    return (
        assessment is not None
        and assessment.state != AssessmentState.FINAL
        and assessment.cycle.state == CycleState.OPEN
    )


@rules.predicate
def is_unlocked_matrix(user, matrix):
    return matrix is not None and not matrix.is_locked


@rules.predicate
def is_open_cycle(user, cycle):
    return cycle is not None and cycle.state == CycleState.OPEN


# Must agree with EvaluationCycle.objects.visible_to (tests prove it).
can_view_cycle = is_coordinator | is_member_with_memberships | (is_council_reader & is_closed_cycle)
# Must agree with Assessment.objects.visible_to.
can_view_assessment = (
    is_coordinator | leads_assessed_measure | (is_council_reader & in_closed_cycle)
)
can_view_results = is_coordinator | (is_council_reader & is_closed_cycle)

rules.add_perm("evaluation.view_matrix", is_reader)
rules.add_perm("evaluation.manage_matrix", is_coordinator)
rules.add_perm("evaluation.change_matrix", is_coordinator & is_unlocked_matrix)
rules.add_perm("evaluation.manage_cycle", is_coordinator)
rules.add_perm("evaluation.close_cycle", is_coordinator & is_open_cycle)
rules.add_perm("evaluation.extend_cycle", is_coordinator & is_open_cycle)
rules.add_perm("evaluation.view_cycle", can_view_cycle)
rules.add_perm("evaluation.view_results", can_view_results)
rules.add_perm("evaluation.request_report", can_view_results)
rules.add_perm("evaluation.view_assessment", can_view_assessment)
# who may write an assessment at all (its form answers "final meanwhile" itself) …
rules.add_perm("evaluation.author_assessment", is_coordinator | leads_assessed_measure)
# … and who may while it is open
rules.add_perm(
    "evaluation.draft_assessment", is_editable & (is_coordinator | leads_assessed_measure)
)
rules.add_perm("evaluation.finalise_assessment", is_editable & is_coordinator)
