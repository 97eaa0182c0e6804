"""OParl 1.1 endpoints: public, read-only JSON, no login (see council/oparl.py)."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views import View

from .. import oparl
from .papers import pdf_response

PAGE_SIZE = 50


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class OParlBodyView(View):
    def get(self, request):
        return _json(oparl.body(request))


class OParlPaperListView(View):
    def get(self, request):
        papers = oparl.exported_papers().order_by("pk")
        try:
            # a page beyond the last (or no page number at all) is not there: 404, never page 1
            page = Paginator(papers, PAGE_SIZE).page(request.GET.get("page", 1))
        except InvalidPage:
            raise Http404 from None
        base = request.build_absolute_uri(reverse("council:oparl-papers"))
        links = {"first": f"{base}?page=1", "last": f"{base}?page={page.paginator.num_pages}"}
        if page.has_next():
            links["next"] = f"{base}?page={page.next_page_number()}"
        if page.has_previous():
            links["prev"] = f"{base}?page={page.previous_page_number()}"
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


class OParlFileView(View):
    def get(self, request, pk):
        paper = get_object_or_404(oparl.exported_papers(), pk=pk)
        if not paper.has_pdf:
            raise Http404
        return _json(oparl.file(request, paper))


class OParlFileDownloadView(View):
    def get(self, request, pk):
        return pdf_response(get_object_or_404(oparl.exported_papers(), pk=pk))


class OParlOrganizationListView(View):
    def get(self, request):
        names = oparl.organization_names()
        data = [oparl.organization(request, slug, name) for slug, name in sorted(names.items())]
        return _json({"data": data, "pagination": {"totalElements": len(data)}, "links": {}})


class OParlOrganizationView(View):
    def get(self, request, slug):
        names = oparl.organization_names()
        name = names.get(slug)
        if name is None:
            # ids of earlier versions (without German transliteration: "fur") move permanently
            moved = {slugify(full): current for current, full in names.items()}
            if slug in moved:
                return redirect("council:oparl-organization", slug=moved[slug], permanent=True)
            raise Http404
        return _json(oparl.organization(request, slug, name))


class OParlEmptyListView(View):
    """Persons and meetings are not managed here: valid, empty OParl lists."""

    def get(self, request, kind):
        if kind not in ("person", "meeting"):
            raise Http404
        return _json({"data": [], "pagination": {"totalElements": 0}, "links": {}})
