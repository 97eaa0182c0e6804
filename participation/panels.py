"""What participation shows on lower apps' pages (registered in ``apps.py``), and its own
slots for higher apps (see ``core/panels.py``)."""

from django.core.exceptions import ObjectDoesNotExist

from core.panels import Panel, Slot

# After the state on the publication switch's page (the public app: a link to the page).
publication_links = Slot("participation.publication_links")

# The need of the inventory/needs survey a measure was made from, with its answer, round and
# actor: joined into the measure page's own query.
SOURCE_NEED = (
    "source_need__response__survey_round",
    "source_need__response__actor",
    "source_need__response__action_field",
)


def _sees_source(request) -> bool:
    """The survey's answers are the coordination's to read."""
    return request.user.has_perm("participation.view_all_answers")


def _source_need_context(request, measure):
    if not _sees_source(request):
        return None
    try:
        need = measure.source_need  # loaded with SOURCE_NEED: no query
    except ObjectDoesNotExist:
        return None
    return {"source_need": need}


source_need_panel = Panel(
    template_name="participation/includes/measure_source_need.html",
    context=_source_need_context,
    select_related=lambda request: SOURCE_NEED if _sees_source(request) else (),
)


def register() -> None:
    from measures.panels import measure_facts

    if source_need_panel not in measure_facts.entries:
        measure_facts.register(source_need_panel)
