"""Reading measures: the filtered, sortable list, its export, and the detail page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Window
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig
from import_export.formats.base_formats import CSV, XLSX

from core.documents import documents_context
from core.lookup import get_for_user

from ..charts import indicator_chart
from ..filters import MeasureFilter
from ..history import deleted_notes, document_events, newest_history
from ..models import Measure
from ..note_forms import NoteForm
from ..panels import measure_facts
from ..resources import MeasureExportResource, csv_for_excel, xlsx_for_excel
from ..rules import may_confirm_unchanged_now
from ..tables import MeasureTable
from .common import measure_rows
from .notes import note_actors_of

DOCUMENT_URLS = {
    "download": "measures:document",
    "add": "measures:document_add",
    "delete": "measures:document_delete",
    "public": "measures:document_public",
}


def filtered_measures(request, queryset=None) -> MeasureFilter:
    if queryset is None:
        queryset = Measure.objects.with_related()
    return MeasureFilter(request.GET or None, queryset=queryset, request=request)


class MeasureListView(LoginRequiredMixin, TemplateView):
    """Queries: session, user, filter choices (fields, goals, actors), count, page rows.

    A row's SMART badge reads the stored flag; only rows that are not SMART ask
    ``smart_check()`` (in Python, no query) which letters are missing.
    """

    template_name = "measures/measure_list.html"
    per_page = 25

    def get_context_data(self, **kwargs):
        # the columns of the list: no goal needed
        rows = Measure.objects.select_related("action_field", "lead_actor")
        measure_filter = filtered_measures(self.request, rows)
        table = MeasureTable(measure_filter.qs)
        RequestConfig(self.request, paginate={"per_page": self.per_page}).configure(table)
        query = self.request.GET.copy()
        for key in ("seite", "sortierung", "pro_seite"):
            query.pop(key, None)
        return super().get_context_data(
            filter=measure_filter,
            table=table,
            export_query=query.urlencode(),
            filtered=bool(measure_filter.form.changed_data) if measure_filter.is_bound else False,
            # a mistyped filter: the list leaves it out, says so and offers no export
            invalid_filter=measure_filter.is_bound and not measure_filter.is_valid(),
            **kwargs,
        )


EXPORT_FORMATS = {"xlsx": XLSX, "csv": CSV}


class MeasureExportView(LoginRequiredMixin, View):
    """The filtered list as .xlsx or .csv (same filters as the list, from the URL)."""

    def get(self, request, fmt):
        if fmt not in EXPORT_FORMATS:
            raise Http404
        measure_filter = filtered_measures(request)
        if measure_filter.is_bound and not measure_filter.is_valid():
            # never export more than the user asked for because a filter was mistyped: back to
            # the list, which marks the wrong fields
            messages.error(
                request, _("Der Filter enthält ungültige Angaben; bitte in der Liste korrigieren.")
            )
            return redirect(f"{reverse('measures:list')}?{request.GET.urlencode()}")
        queryset = measure_filter.qs.prefetch_related("partners")
        dataset = MeasureExportResource().export(list(queryset))
        file_format = EXPORT_FORMATS[fmt]()
        if fmt == "csv":
            data = csv_for_excel(dataset)
        else:
            data = xlsx_for_excel(dataset, title=_("Maßnahmen"))
        filename = f"massnahmen-{timezone.localdate():%Y-%m-%d}.{fmt}"
        response = HttpResponse(data, content_type=file_format.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class MeasureDetailView(LoginRequiredMixin, TemplateView):
    """Queries: session, user, measure (+field, goal, lead, staff actor; what the panels of
    higher apps read, e.g. the survey need it was made from), partners, status updates with
    authors, history (records, partner snapshots, names), documents with uploaders, document
    events (history records with users), permission checks (groups, membership)."""

    template_name = "measures/measure_detail.html"
    # The newest status updates and saves; the full lists have pages of their own, so the
    # page stays the same size however long a measure runs.
    shown = 10

    def get_context_data(self, **kwargs):
        user = self.request.user
        # what higher apps show here (where the measure came from) joins this query
        measure = get_for_user(
            # the partners: shown, and read by the note rule without a query of its own
            measure_rows().with_plan().prefetch_related("partners"),
            user,
            pk=self.kwargs["pk"],
            select_related=measure_facts.select_related(self.request),
        )
        updates = list(
            measure.status_updates.select_related("author").annotate(total=Window(Count("pk")))[
                : self.shown
            ]
        )
        _confirmed_today_from(measure, updates)
        measurements = list(measure.measurements.select_related("recorded_by")[: self.shown])
        milestones = list(measure.milestones.all())
        can_change = user.has_perm("measures.change_measure", measure)
        history, history_count = newest_history(measure, 0, self.shown, include_internal=can_change)
        can_report = user.has_perm("measures.report_status", measure)
        partners = list(measure.partners.all())
        notes = list(
            measure.partner_notes.select_related("actor", "author").annotate(
                total=Window(Count("pk"))
            )[: self.shown]
        )
        actors = note_actors_of(measure, user, partners)
        can_delete_note = user.has_perm("measures.delete_note", measure)
        documents = documents_context(
            documents=list(measure.documents.select_related("uploaded_by")),
            events=document_events(measure),
            urls=DOCUMENT_URLS,
            # = has_perm("measures.add_document"): the same rule as reporting
            can_add=can_report,
            can_manage=user.has_perm("measures.delete_document", measure),
        )
        return super().get_context_data(
            **documents,
            measure=measure,
            fact_panels=measure_facts.render(self.request, measure),
            smart=measure.smart_check(),
            partners=partners,
            notes=notes,
            note_count=notes[0].total if notes else 0,
            note_form=NoteForm(actors=actors) if actors else None,
            can_delete_note=can_delete_note,
            # what the coordination deleted stays readable for her (one query, only for her)
            deleted_notes=deleted_notes(measure) if can_delete_note else [],
            measurements=measurements,
            milestones=milestones,
            indicator_chart=indicator_chart(measure, measurements, milestones),
            updates=updates,
            update_count=updates[0].total if updates else 0,
            history=history,
            history_count=history_count,
            can_change=can_change,
            can_delete=user.has_perm("measures.delete_measure", measure),
            can_report=can_report,
            # = has_perm("measures.confirm_unchanged"), without asking for the membership again
            can_confirm_unchanged=can_report and may_confirm_unchanged_now(user, measure),
            **kwargs,
        )


def _confirmed_today_from(measure, newest_updates) -> None:
    """Set ``measure.confirmed_unchanged_today`` from the newest reports the page shows anyway
    (newest first, so today's come first): no query. Should a confirmation hide behind more
    than ten reports of the same day, the button shows and the service refuses it."""
    today = timezone.localdate()
    measure.confirmed_unchanged_today = any(
        u.unchanged and u.reported_on == today for u in newest_updates
    )
