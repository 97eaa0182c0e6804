"""Council papers: list, create, edit, show, render, submit, decide, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.documents import document_events, documents_context
from core.lookup import get_for_user

from ..forms import ConsultationFormSet, DecisionForm, PaperForm, ordered_consultations
from ..models import CouncilPaper, PaperDocument, PaperKind, PdfState, Revision
from ..renderers.attachments import attachment_context
from ..services import (
    RefusedError,
    paper_record_decision,
    paper_request_rendering,
    paper_save,
    paper_submit,
)
from ..services.status_reports import status_report_pdf
from .documents import DOCUMENT_URLS

PAPER_QS = CouncilPaper.objects.select_related("revision", "reporting_round")


def _paper_for(request, pk, action_perm=None):
    return get_for_user(
        PAPER_QS,
        request.user,
        pk=pk,
        perm_view="council.view_councilpaper",
        perm_change=action_perm,
    )


class PaperListView(LoginRequiredMixin, View):
    def get(self, request):
        # 1 query: the visible papers with their attached revision (no snapshot loaded)
        papers = (
            CouncilPaper.objects.visible_to(request.user)
            .select_related("revision")
            .defer("revision__snapshot")
        )
        return render(
            request,
            "council/paper_list.html",
            {"papers": papers, "can_add": request.user.has_perm("council.add_councilpaper")},
        )


class PaperFormMixin:
    template_name = "council/paper_form.html"

    def _render(self, request, form, formset, paper=None, status=200):
        return render(
            request,
            self.template_name,
            {"form": form, "formset": formset, "paper": paper},
            status=status,
        )

    def _save(self, request, form, formset, paper=None):
        if form.is_valid() and formset.is_valid():
            instance = form.save(commit=False)
            try:
                with transaction.atomic():
                    instance = paper_save(
                        paper=instance,
                        user=request.user,
                        consultations=ordered_consultations(formset),
                    )
            except RefusedError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Die Drucksache wurde gespeichert."))
                return redirect(instance)
        # The error summary at the top of the form says what is wrong: no second banner.
        return self._render(request, form, formset, paper, status=400)


class PaperCreateView(LoginRequiredMixin, PaperFormMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("council.add_councilpaper"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(request, PaperForm(), ConsultationFormSet(prefix="beratung"))

    def post(self, request):
        form = PaperForm(request.POST)
        formset = ConsultationFormSet(request.POST, prefix="beratung")
        return self._save(request, form, formset)


class PaperUpdateView(LoginRequiredMixin, PaperFormMixin, View):
    def get(self, request, pk):
        paper = _paper_for(request, pk, "council.change_councilpaper")
        return self._render(
            request,
            PaperForm(instance=paper),
            ConsultationFormSet(instance=paper, prefix="beratung"),
            paper,
        )

    def post(self, request, pk):
        paper = _paper_for(request, pk, "council.change_councilpaper")
        form = PaperForm(request.POST, instance=paper)
        formset = ConsultationFormSet(request.POST, instance=paper, prefix="beratung")
        return self._save(request, form, formset, paper)


class PaperDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        paper = _paper_for(request, pk)
        user = request.user
        can_manage_documents = user.has_perm("council.manage_paper_documents", paper)
        return render(
            request,
            "council/paper_detail.html",
            {
                "paper": paper,
                "consultations": list(paper.consultations.all()),
                **attachment_context(paper, include_live=False),
                "can_change": user.has_perm("council.change_councilpaper", paper),
                "can_render": user.has_perm("council.render_councilpaper", paper),
                "can_submit": user.has_perm("council.submit_councilpaper", paper),
                "can_decide": user.has_perm("council.decide_councilpaper", paper),
                "can_download": user.has_perm("council.download_councilpaper", paper),
                "can_see_checksum": user.has_perm("council.view_councilpaper_checksum", paper),
                "can_view_revision": paper.revision_id
                and user.has_perm("council.view_revision", paper.revision),
                **documents_context(
                    documents=list(paper.documents.select_related("uploaded_by")),
                    events=document_events(PaperDocument, paper_id=paper.pk),
                    urls=DOCUMENT_URLS,
                    can_add=can_manage_documents,
                    can_manage=can_manage_documents,
                ),
            },
        )


class PaperActionView(LoginRequiredMixin, View):
    """POST-only actions on one paper; each checks its own permission."""

    perm = ""

    def post(self, request, pk):
        paper = _paper_for(request, pk, self.perm)
        try:
            self.act(request, paper)
        except RefusedError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(paper)


class PaperRenderView(PaperActionView):
    perm = "council.render_councilpaper"

    def act(self, request, paper):
        paper = paper_request_rendering(paper=paper, user=request.user)
        if paper.pdf_state == PdfState.DONE:
            messages.success(request, _("Das PDF ist erzeugt."))
        elif paper.pdf_state == PdfState.FAILED:
            messages.error(request, _("Das PDF konnte nicht erzeugt werden."))
        else:
            messages.info(
                request,
                _("Das PDF wird im Hintergrund erzeugt; diese Seite zeigt, wann es fertig ist."),
            )


class PaperSubmitView(PaperActionView):
    perm = "council.submit_councilpaper"

    def act(self, request, paper):
        paper_submit(paper=paper, user=request.user)
        messages.success(request, _("Die Drucksache ist eingebracht; der Rat kann sie lesen."))


class PaperDecideView(LoginRequiredMixin, View):
    """GET asks for the date and says what will happen (it cannot be undone), POST records it."""

    perm = "council.decide_councilpaper"

    def get(self, request, pk):
        paper = _paper_for(request, pk, self.perm)
        return self._render(request, paper, DecisionForm(paper=paper))

    def post(self, request, pk):
        paper = _paper_for(request, pk, self.perm)
        form = DecisionForm(request.POST, paper=paper)
        if form.is_valid():
            try:
                paper_record_decision(
                    paper=paper, user=request.user, decided_on=form.cleaned_data["decided_on"]
                )
            except RefusedError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Der Beschluss ist eingetragen; die Drucksache ist abgeschlossen.")
                )
                return redirect(paper)
        return self._render(request, paper, form, status=400)

    def _render(self, request, paper, form, status=200):
        adopts = paper.kind == PaperKind.RESOLUTION and paper.revision_id is not None
        in_force = Revision.objects.defer("snapshot").in_force() if adopts else None
        return render(
            request,
            "council/paper_decide.html",
            {
                "paper": paper,
                "form": form,
                "adopts": adopts,
                "superseded": in_force if in_force and in_force.pk != paper.revision_id else None,
            },
            status=status,
        )


class PaperPdfStateView(LoginRequiredMixin, View):
    """The rendering state as JSON, polled by static/js/pdf-state.js."""

    def get(self, request, pk):
        paper = _paper_for(request, pk)
        return JsonResponse({"state": paper.pdf_state, "label": paper.get_pdf_state_display()})


def pdf_response(paper: CouncilPaper) -> FileResponse:
    if not paper.has_pdf:
        raise Http404
    response = FileResponse(
        paper.pdf_file.open("rb"),
        as_attachment=True,
        filename=paper.pdf_filename,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = paper.pdf_sha256
    return response


class PaperDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        paper = _paper_for(request, pk)
        if not paper.has_pdf:
            raise Http404
        return pdf_response(paper)


def status_report_response(paper: CouncilPaper) -> HttpResponse:
    """The paper's Sachstandsbericht as a download; 404 when it has none."""
    if not paper.has_status_report:
        raise Http404
    filename, mimetype, data = status_report_pdf(paper=paper)
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PaperStatusReportView(LoginRequiredMixin, View):
    """The attached Sachstandsbericht: whoever may read the paper."""

    def get(self, request, pk):
        return status_report_response(_paper_for(request, pk))
