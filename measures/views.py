from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from concept.models import ActionField

from .models import Measure, MeasureStatus


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: the seven action fields with their measures counted by status."""

    template_name = "measures/home.html"

    def get_context_data(self, **kwargs):
        counts = Measure.objects.status_counts_by_field()
        statuses = list(MeasureStatus)
        rows = []
        for field in ActionField.objects.all():
            per_status = counts.get(field.pk, {})
            rows.append(
                {
                    "field": field,
                    "counts": [per_status.get(s.value, 0) for s in statuses],
                    "total": sum(per_status.values()),
                }
            )
        totals = [sum(r["counts"][i] for r in rows) for i in range(len(statuses))]
        return super().get_context_data(
            rows=rows, statuses=statuses, totals=totals, total=sum(totals), **kwargs
        )


class MeasureListView(LoginRequiredMixin, ListView):
    model = Measure
    paginate_by = 50

    def get_queryset(self):
        qs = Measure.objects.with_related()
        field = self.request.GET.get("action_field")
        if field and field.isdigit():
            qs = qs.filter(action_field_id=int(field))
        return qs


class MeasureDetailView(LoginRequiredMixin, DetailView):
    model = Measure

    def get_queryset(self):
        return Measure.objects.with_related().prefetch_related("partners")
