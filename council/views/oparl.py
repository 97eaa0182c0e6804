"""OParl 1.1 endpoints: public, read-only JSON, no login (see council/oparl.py)."""

import datetime
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.views import View

from .. import oparl
from .papers import pdf_response, status_report_response

PAGE_SIZE = 50


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class OParlSystemView(View):
    def get(self, request):
        return _json(oparl.system(request))


class OParlBodyListView(View):
    """The one body (the municipality) as an OParl list: what ``System.body`` points to."""

    def get(self, request):
        return _json(
            {"data": [oparl.body(request)], "pagination": {"totalElements": 1}, "links": {}}
        )


class OParlBodyView(View):
    def get(self, request):
        return _json(oparl.body(request))


# OParl 1.1, "Filter": external lists accept these, each an ISO 8601 date-time (or date)
LIST_FILTERS = {
    "created_since": "created_at__gte",
    "created_until": "created_at__lte",
    "modified_since": "updated_at__gte",
    "modified_until": "updated_at__lte",
}


def _moment(value: str):
    """An ISO 8601 date-time (naive ones in the server's zone) or date (its midnight)."""
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime(day.year, day.month, day.day)
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class OParlPaperListView(View):
    def get(self, request):
        papers = oparl.exported_papers().order_by("pk")
        filters = {}
        for name, lookup in LIST_FILTERS.items():
            if name in request.GET:
                moment = _moment(request.GET[name])
                if moment is None:
                    message = f"{name}: ISO 8601 date-time expected, e.g. 2026-05-04T10:00:00+02:00"
                    return _json({"error": message}, status=400)
                papers = papers.filter(**{lookup: moment})
                filters[name] = request.GET[name]
        try:
            # a page beyond the last (or no page number at all) is not there: 404, never page 1
            page = Paginator(papers, PAGE_SIZE).page(request.GET.get("page", 1))
        except InvalidPage:
            raise Http404 from None
        base = request.build_absolute_uri(reverse("council:oparl-papers"))

        def link(number):  # the filters go along to every page
            return f"{base}?{urlencode({**filters, 'page': number})}"

        links = {"first": link(1), "last": link(page.paginator.num_pages)}
        if page.has_next():
            links["next"] = link(page.next_page_number())
        if page.has_previous():
            links["prev"] = link(page.previous_page_number())
        return _json(
            {
                "data": [oparl.paper(request, p) for p in page.object_list],
                "pagination": {
                    "totalElements": page.paginator.count,
                    "elementsPerPage": PAGE_SIZE,
                    "currentPage": page.number,
                    "totalPages": page.paginator.num_pages,
                },
                "links": links,
            }
        )


class OParlPaperView(View):
    def get(self, request, pk):
        return _json(oparl.paper(request, get_object_or_404(oparl.exported_papers(), pk=pk)))


class OParlConsultationView(View):
    def get(self, request, pk):
        found = get_object_or_404(oparl.exported_consultations(), pk=pk)
        return _json(oparl.consultation(request, found))


class OParlFileView(View):
    def get(self, request, pk):
        paper = get_object_or_404(oparl.exported_papers(), pk=pk)
        if not paper.has_pdf:
            raise Http404
        return _json(oparl.file(request, paper))


class OParlFileDownloadView(View):
    def get(self, request, pk):
        return pdf_response(get_object_or_404(oparl.exported_papers(), pk=pk))


class OParlStatusReportFileView(View):
    def get(self, request, pk):
        paper = get_object_or_404(oparl.exported_papers(), pk=pk)
        if not paper.has_status_report:
            raise Http404
        return _json(oparl.status_report_file(request, paper))


class OParlStatusReportDownloadView(View):
    def get(self, request, pk):
        return status_report_response(get_object_or_404(oparl.exported_papers(), pk=pk))


class OParlOrganizationListView(View):
    def get(self, request):
        found = oparl.organizations()
        data = [oparl.organization(request, slug, entry) for slug, entry in sorted(found.items())]
        return _json({"data": data, "pagination": {"totalElements": len(data)}, "links": {}})


class OParlOrganizationView(View):
    def get(self, request, slug):
        found = oparl.organizations()
        entry = found.get(slug)
        if entry is None:
            # ids of earlier versions (without German transliteration: "fur") move permanently
            moved = {slugify(e["name"]): current for current, e in found.items()}
            if slug in moved:
                return redirect("council:oparl-organization", slug=moved[slug], permanent=True)
            raise Http404
        return _json(oparl.organization(request, slug, entry))


class OParlEmptyListView(View):
    """Persons and meetings are not managed here: valid, empty OParl lists."""

    def get(self, request, kind):
        if kind not in ("person", "meeting"):
            raise Http404
        return _json({"data": [], "pagination": {"totalElements": 0}, "links": {}})
