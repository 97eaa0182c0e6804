from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from ..dashboard import STATUS_COLOURS, field_stats, my_measures
from ..models import OPEN_STATUSES, MeasureStatus
from ..rules import may_confirm_unchanged_now


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: per action field the state of its measures; for actors their own ones.

    Queries: session, user, groups (role cache), field aggregates, action fields,
    own measures with field/goal/lead actor (a constant number, whatever the measure count).
    """

    template_name = "measures/home.html"

    def get_context_data(self, **kwargs):
        rows = field_stats()
        statuses = list(MeasureStatus)
        totals = [sum(r.counts[i] for r in rows) for i in range(len(statuses))]
        mine = list(my_measures(self.request.user))
        today = timezone.localdate()
        for measure in mine:
            days = (measure.deadline - today).days if measure.deadline else None
            is_open = measure.status in OPEN_STATUSES
            measure.due_in_days = days if is_open and days is not None and 0 <= days <= 30 else None
            # my_measures() are the ones the user reports on: only the state is left to check
            measure.can_confirm_unchanged = may_confirm_unchanged_now(self.request.user, measure)
        return super().get_context_data(
            rows=rows,
            statuses=statuses,
            legend=[(s, STATUS_COLOURS[s]) for s in statuses],
            totals=totals,
            total=sum(totals),
            overdue=sum(r.overdue for r in rows),
            due_soon=sum(r.due_soon for r in rows),
            not_smart=sum(r.not_smart for r in rows),
            my_measures=mine,
            **kwargs,
        )
