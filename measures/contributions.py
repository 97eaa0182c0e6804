"""What measures shows on the concept pages (concept knows nothing of measures).

Registered into ``concept.panels`` by ``MeasuresConfig.ready()``: the measures an actor leads
and supports (actor page), their counts (actor list), the measures serving a goal (goal
list, goal delete page), and why an actor or a goal must stay.
"""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from concept import panels
from core.panels import Column, Panel


def _actor_measures_context(request, actor):
    return {"led": actor.led, "partnered": actor.partnered}


actor_measures = Panel(
    template_name="measures/includes/actor_measures.html",
    context=_actor_measures_context,
    # read with the actor: one query each
    prefetch_related=lambda request: (
        Prefetch("led_measures", to_attr="led"),
        Prefetch("partner_measures", to_attr="partnered"),
    ),
)

led_column = Column(
    header=_("federführend"),
    attribute="led_count",
    annotate=lambda actors: actors.annotate(led_count=Count("led_measures", distinct=True)),
)
partner_column = Column(
    header=_("als Partner"),
    attribute="partner_count",
    annotate=lambda actors: actors.annotate(partner_count=Count("partner_measures", distinct=True)),
)
goal_measure_column = Column(
    header=_("Maßnahmen"),
    attribute="measure_count",
    annotate=lambda goals: goals.annotate(measure_count=Count("measures")),
)


def _goal_delete_context(request, goal):
    count = goal.measures.count()
    return {"measure_count": count} if count else None


goal_delete_note = Panel(
    template_name="measures/includes/goal_delete_note.html", context=_goal_delete_context
)


def actor_leads_measures(actor):
    """An actor leading measures stays (``lead_actor`` is PROTECT)."""
    count = actor.led_measures.count()
    if not count:
        return None
    return ngettext(
        "„%(name)s“ kann nicht gelöscht werden, weil der Akteur noch %(count)d Maßnahme "
        "federführend verantwortet. Bitte zuerst die Federführung dieser Maßnahme einem "
        "anderen Akteur übertragen.",
        "„%(name)s“ kann nicht gelöscht werden, weil der Akteur noch %(count)d Maßnahmen "
        "federführend verantwortet. Bitte zuerst die Federführung dieser Maßnahmen einem "
        "anderen Akteur übertragen.",
        count,
    ) % {"name": actor.name, "count": count}


def goal_serves_measures(goal):
    """A goal that measures serve stays in its action field: moving it would leave those
    measures with a goal of another field, which every later save of them refuses."""
    count = goal.measures.count()
    if not count:
        return None
    return ngettext(
        "Diesem Ziel dient %(count)d Maßnahme; es bleibt in seinem "
        "Handlungsfeld. Bitte die Maßnahme zuerst einem anderen Ziel zuordnen "
        "oder ein neues Ziel im anderen Handlungsfeld anlegen.",
        "Diesem Ziel dienen %(count)d Maßnahmen; es bleibt in seinem "
        "Handlungsfeld. Bitte die Maßnahmen zuerst einem anderen Ziel zuordnen "
        "oder ein neues Ziel im anderen Handlungsfeld anlegen.",
        count,
    ) % {"count": count}


def register() -> None:
    for slot, entry in (
        (panels.actor_sections, actor_measures),
        (panels.actor_columns, led_column),
        (panels.actor_columns, partner_column),
        (panels.goal_columns, goal_measure_column),
        (panels.goal_delete_notes, goal_delete_note),
        (panels.actor_delete_blockers, actor_leads_measures),
        (panels.goal_move_blockers, goal_serves_measures),
    ):
        if entry not in slot.entries:
            slot.register(entry)
