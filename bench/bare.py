"""Bare Django views: the same rows as our pages, each from one query.

They are the yardstick of `make bench`: a page of ours should cost at most twice as much.
Each bare page renders its rows inside the same ``base.html`` as our pages (navigation,
stylesheets), so the comparison is about what our views add, not about the page frame; the
frame costs the same session and user look-ups as ours, plus one query for the rows.
"The same rows" means the same figures: the start page's row per action field (counts by
status, overdue, due soon, not SMART, average progress), the fields of the measure that the
detail page shows, the measure list's page of rows, the results' assessment rows. Everything
our pages add beyond that (charts, status updates, history, partners, filters, paging,
permissions) is what the ratio measures.
"""

import datetime

from django.db.models import Avg, Count, F, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from measures.models import OPEN_STATUSES, Measure, MeasureStatus, StatusUpdate

_engine = engines["django"]

LIST = _engine.from_string(
    "{% extends 'base.html' %}{% block content %}<table>"
    "{% for m in rows %}<tr><td>{{ m.number }}</td><td>{{ m.title }}</td>"
    "<td>{{ m.action_field.name }}</td><td>{{ m.lead_actor.name }}</td>"
    "<td>{{ m.get_status_display }}</td><td>{{ m.progress }}</td>"
    "<td>{{ m.deadline|date:'d.m.Y' }}</td></tr>{% endfor %}</table>{% endblock %}"
)
DASHBOARD = _engine.from_string(
    "{% extends 'base.html' %}{% block content %}<table>"
    "{% for r in rows %}<tr><td>{{ r.action_field__name }}</td><td>{{ r.planned }}</td>"
    "<td>{{ r.in_progress }}</td><td>{{ r.completed }}</td><td>{{ r.delayed }}</td>"
    "<td>{{ r.cancelled }}</td><td>{{ r.n }}</td><td>{{ r.overdue }}</td><td>{{ r.due_soon }}</td>"
    "<td>{{ r.not_smart }}</td><td>{{ r.progress|floatformat:0 }}</td></tr>{% endfor %}"
    "</table>{% endblock %}"
)
DETAIL = _engine.from_string(
    "{% extends 'base.html' %}{% block content %}<h1>{{ m.number }} {{ m.title }}</h1><dl>"
    "<dt>Feld</dt><dd>{{ m.action_field.name }}</dd><dt>Ziel</dt><dd>{{ m.goal.title }}</dd>"
    "<dt>Beschreibung</dt><dd>{{ m.description|linebreaksbr }}</dd>"
    "<dt>Zielgruppe</dt><dd>{{ m.target_group }}</dd><dt>Indikator</dt><dd>{{ m.indicator }}</dd>"
    "<dt>Einheit</dt><dd>{{ m.indicator_unit }}</dd><dt>Ausgangswert</dt>"
    "<dd>{{ m.indicator_baseline }}</dd><dt>Zielwert</dt><dd>{{ m.indicator_target }}</dd>"
    "<dt>aktuell</dt><dd>{{ m.indicator_current }}</dd>"
    "<dt>federführend</dt><dd>{{ m.lead_actor.name }}</dd>"
    "<dt>Personal</dt><dd>{{ m.staff_hours_per_year }} {{ m.staff_fte }}"
    " {{ m.staff_actor.name }}</dd>"
    "<dt>Budget</dt><dd>{{ m.budget_amount|floatformat:'2g' }} €</dd>"
    "<dt>Quelle</dt><dd>{{ m.funding_source }}</dd><dt>Haushaltsjahre</dt>"
    "<dd>{{ m.budget_years }}</dd><dt>Beginn</dt><dd>{{ m.start_date|date:'d.m.Y' }}</dd>"
    "<dt>Frist</dt><dd>{{ m.deadline|date:'d.m.Y' }}</dd><dt>Status</dt>"
    "<dd>{{ m.get_status_display }}</dd><dt>Fortschritt</dt><dd>{{ m.progress }} %</dd>"
    "<dt>geändert</dt><dd>{{ m.updated_at|date:'d.m.Y H:i' }} ({{ m.version }})</dd>"
    "</dl>{% endblock %}"
)


@csrf_exempt
@require_POST
def insert(request):
    """One INSERT: the yardstick for posting a status update under load."""
    StatusUpdate.objects.create(
        measure_id=int(request.POST["measure"]), status="in_progress", progress=50, text="bare"
    )
    return HttpResponse("ok")


RESULTS = _engine.from_string(
    "{% extends 'base.html' %}{% block content %}<table>"
    "{% for a in rows %}<tr><td>{{ a.measure.number }}</td><td>{{ a.measure.title }}</td>"
    "<td>{{ a.measure.action_field_id }}</td><td>{{ a.points }}</td>"
    "<td>{{ a.recommendation }}</td></tr>{% endfor %}</table>{% endblock %}"
)


def results(request, pk):
    from evaluation.models import Assessment

    rows = (
        Assessment.objects.filter(cycle_id=pk)
        .select_related("measure")
        .annotate(points=Sum(F("scores__level__score") * F("scores__criterion__weight")))
        .order_by("measure__action_field_id", "measure__number")
    )
    return HttpResponse(RESULTS.render({"rows": rows}, request))


def measure_list(request):
    """The list's first page: as many rows as it shows, in its (the model's) order."""
    from measures.views.measures import MeasureListView

    rows = Measure.objects.select_related("action_field", "lead_actor")[: MeasureListView.per_page]
    return HttpResponse(LIST.render({"rows": rows}, request))


def dashboard(request):
    """The figures of each action field row of the start page, from one grouped query."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)
    is_open = Q(status__in=OPEN_STATUSES)
    rows = (
        Measure.objects.order_by()
        .values("action_field__number", "action_field__name")
        .annotate(
            **{s.value: Count("pk", filter=Q(status=s)) for s in MeasureStatus},
            n=Count("pk"),
            overdue=Count("pk", filter=is_open & Q(deadline__lt=today)),
            due_soon=Count("pk", filter=is_open & Q(deadline__gte=today, deadline__lte=soon)),
            not_smart=Count("pk", filter=Q(is_smart_stored=False)),
            progress=Avg("progress"),
        )
        .order_by("action_field__number")
    )
    return HttpResponse(DASHBOARD.render({"rows": rows}, request))


def measure_detail(request, pk):
    """The fields of the measure row that the detail page shows (one query)."""
    related = ("action_field", "goal", "lead_actor", "staff_actor")
    measure = get_object_or_404(Measure.objects.select_related(*related), pk=pk)
    return HttpResponse(DETAIL.render({"m": measure}, request))
