"""The documents of a measure: upload, download, delete, mark public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.documents import DocumentUploadForm, document_response
from core.lookup import get_for_user

from .. import document_services
from ..documents import MeasureDocument
from ..models import Measure
from .common import MeasurePermissionMixin


class MeasureDocumentAddView(MeasurePermissionMixin, View):
    """Coordination and the lead actor's members; the form on the measure page posts here,
    this page shows the form again with what went wrong (the description kept)."""

    permission_required = "measures.add_document"
    template_name = "measures/measure_document_form.html"

    def get(self, request, pk):
        return self.render(DocumentUploadForm())

    def post(self, request, pk):
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = document_services.measure_document_add(
                    measure=self.measure,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as refused:
                form.add_error("file", refused)
            else:
                messages.success(request, _("Dokument „%s“ hochgeladen.") % document.filename)
                return redirect(self.measure)
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"measure": self.measure, "form": form},
            status=status,
        )


def _document(measure: Measure, document_pk) -> MeasureDocument:
    return get_object_or_404(
        MeasureDocument.objects.select_related("measure"), pk=document_pk, measure=measure
    )


class MeasureDocumentDownloadView(LoginRequiredMixin, View):
    """Whoever may read the measure; always an attachment (``core.documents``)."""

    def get(self, request, pk, document_pk):
        measure = get_for_user(Measure, request.user, pk=pk, perm_view="measures.view_document")
        return document_response(_document(measure, document_pk))


class MeasureDocumentDeleteView(MeasurePermissionMixin, View):
    permission_required = "measures.delete_document"
    template_name = "measures/measure_document_delete.html"

    def get(self, request, pk, document_pk):
        document = _document(self.measure, document_pk)
        return render(request, self.template_name, {"measure": self.measure, "document": document})

    def post(self, request, pk, document_pk):
        document = _document(self.measure, document_pk)
        document_services.measure_document_remove(document=document, user=request.user)
        messages.success(request, _("Dokument „%s“ gelöscht.") % document.filename)
        return redirect(self.measure)


class MeasureDocumentPublicView(MeasurePermissionMixin, View):
    """POST ``public=1`` releases the document for the public page, ``public=0`` takes it back."""

    permission_required = "measures.publish_document"
    http_method_names = ["post"]

    def post(self, request, pk, document_pk):
        document = _document(self.measure, document_pk)
        public = request.POST.get("public") == "1"
        document_services.measure_document_set_public(
            document=document, user=request.user, public=public
        )
        if public:
            text = _("Dokument „%s“ ist freigegeben (öffentlich, wenn die Maßnahme es ist).")
        else:
            text = _("Dokument „%s“ ist nicht mehr öffentlich.")
        messages.success(request, text % document.filename)
        return redirect(self.measure)
