"""Places on the concept pages that higher apps fill (see ``core/panels.py``).

concept is the lowest app: it knows nothing of measures. The measures an actor leads, the
number of measures serving a goal, and why an actor or a goal must stay are contributed
by the measures app in ``MeasuresConfig.ready()``.
"""

from core.panels import Slot

# Sections of the actor page below its members (Panel).
actor_sections = Slot("concept.actor_sections")
# Columns of the actor list between "Ansprechperson" and "Mitglieder" (Column).
actor_columns = Slot("concept.actor_columns")
# Columns of the goal tables between "Beschreibung" and the actions (Column).
goal_columns = Slot("concept.goal_columns")
# Notes on the goal's delete page (Panel).
goal_delete_notes = Slot("concept.goal_delete_notes")
# Functions (actor) -> German reason why the actor cannot be deleted now, or None.
actor_delete_blockers = Slot("concept.actor_delete_blockers")
# Functions (goal, new action field) -> German reason why the goal cannot move, or None.
goal_move_blockers = Slot("concept.goal_move_blockers")
