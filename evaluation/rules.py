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
from .models.assessment import assessment_scope
from .models.cycle import visible_cycle_states


@rules.predicate
def is_closed_cycle(user, cycle):
    return cycle is not None and cycle.state == CycleState.CLOSED


@rules.predicate
def leads_assessed_measure(user, assessment):
    return assessment is not None and is_lead_member(user, assessment.measure)


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


@rules.predicate
def can_view_cycle(user, cycle):
    """``visible_cycle_states``, as ``EvaluationCycle.objects.visible_to`` reads it too;
    without a cycle: whether ``user`` sees every cycle."""
    states = visible_cycle_states(user)
    return states is None or (cycle is not None and cycle.state in states)


@rules.predicate
def can_view_assessment(user, assessment):
    """``assessment_scope``, as ``Assessment.objects.visible_to`` reads it too."""
    scope = assessment_scope(user)
    if scope.everything:
        return True
    if assessment is None:
        return False
    return (scope.led and is_lead_member(user, assessment.measure)) or (
        assessment.cycle.state in scope.cycle_states
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
