"""A measure's full lists, page by page: all status updates, the whole change history.

The detail page shows only the newest of each and links here.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView

from core.lookup import get_for_user

from ..history import history_records, newest_history
from .common import measure_rows

PER_PAGE = 25


class MeasureTimelineView(LoginRequiredMixin, TemplateView):
    """Readable by everyone who may read the measure."""

    def page(self, queryset):
        paginator = Paginator(queryset, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        return {"paginator": paginator, "page_obj": page, "is_paginated": page.has_other_pages()}

    def get_context_data(self, **kwargs):
        self.measure = get_for_user(measure_rows(), self.request.user, pk=self.kwargs["pk"])
        return super().get_context_data(measure=self.measure, **kwargs)


class MeasureUpdatesView(MeasureTimelineView):
    """Queries: session, user, measure, count, the page's updates with their authors."""

    template_name = "measures/measure_updates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page(self.measure.status_updates.select_related("author")))
        context["updates"] = context["page_obj"].object_list
        return context


class MeasureNotesView(MeasureTimelineView):
    """Queries: session, user, measure, count, the page's notes with their actors and authors."""

    template_name = "measures/measure_notes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page(self.measure.partner_notes.select_related("actor", "author")))
        context["notes"] = context["page_obj"].object_list
        context["can_delete_note"] = self.request.user.has_perm(
            "measures.delete_note", self.measure
        )
        return context


class MeasureHistoryView(MeasureTimelineView):
    """Queries: session, user, measure, count, the page's records (plus the one before),
    their partner snapshots and the names they point to."""

    template_name = "measures/measure_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page(history_records(self.measure)))
        page = context["page_obj"]
        start = page.start_index() - 1 if page.paginator.count else 0
        context["history"], _ = newest_history(
            self.measure,
            start,
            start + PER_PAGE,
            include_internal=self.request.user.has_perm("measures.change_measure", self.measure),
        )
        return context
