"""Bare Django views: the same rows as our pages, each from one query.

They are the yardstick of `make bench`: a page of ours should cost at most twice as much.
Each bare page renders its rows inside the same ``base.html`` as our pages (navigation,
stylesheets), so the comparison is about what our views add, not about the page frame; the
frame costs the same session and user look-ups as ours, plus one query for the rows.
"""

from django.db.models import Count, F, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from measures.models import Measure, StatusUpdate

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
    "{% for r in rows %}<tr><td>{{ r.action_field__name }}</td><td>{{ r.status }}</td>"
    "<td>{{ r.n }}</td></tr>{% endfor %}</table>{% endblock %}"
)
DETAIL = _engine.from_string(
    "{% extends 'base.html' %}{% block content %}<h1>{{ m.number }} {{ m.title }}</h1>"
    "<p>{{ m.description }}</p><dl><dt>Feld</dt><dd>{{ m.action_field.name }}</dd>"
    "<dt>federführend</dt><dd>{{ m.lead_actor.name }}</dd><dt>Frist</dt>"
    "<dd>{{ m.deadline|date:'d.m.Y' }}</dd><dt>Budget</dt>"
    "<dd>{{ m.budget_amount }}</dd></dl>{% endblock %}"
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
    rows = Measure.objects.select_related("action_field", "lead_actor")[:50]
    return HttpResponse(LIST.render({"rows": rows}, request))


def dashboard(request):
    rows = (
        Measure.objects.order_by()
        .values("action_field__name", "status")
        .annotate(n=Count("pk"))
        .order_by("action_field__name", "status")
    )
    return HttpResponse(DASHBOARD.render({"rows": rows}, request))


def measure_detail(request, pk):
    measure = get_object_or_404(Measure.objects.select_related("action_field", "lead_actor"), pk=pk)
    return HttpResponse(DETAIL.render({"m": measure}, request))
