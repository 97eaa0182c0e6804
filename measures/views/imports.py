"""Coordinator: upload a measure table, see the preview, confirm (all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from .. import imports
from ..forms import MeasureImportForm


class ImportPermission(PermissionRequiredMixin):
    permission_required = "measures.import_measures"
    # anonymous: redirect to the login page; logged in without the permission: 403


class MeasureImportView(ImportPermission, View):
    template_name = "measures/import_upload.html"

    def get(self, request):
        return render(request, self.template_name, {"form": MeasureImportForm()})

    def post(self, request):
        form = MeasureImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = upload.read()
                upload.seek(0)
                imports.load_dataset(data, upload.name.rsplit(".", 1)[-1].lower())
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                imports.store_upload(request.session, upload)
                return redirect("measures:import_preview")
        return render(request, self.template_name, {"form": form}, status=400)


class MeasureImportPreviewView(ImportPermission, View):
    template_name = "measures/import_preview.html"

    def _load(self, request):
        stored = imports.stored_upload(request.session)
        if stored is None:
            messages.error(
                request, _("Keine hochgeladene Datei gefunden. Bitte laden Sie sie erneut hoch.")
            )
            return None, None
        info, data = stored
        return info, imports.load_dataset(data, info["format"])

    def get(self, request):
        info, dataset = self._load(request)
        if dataset is None:
            return redirect("measures:import")
        preview = imports.run_import(dataset, user=request.user, dry_run=True)
        return render(request, self.template_name, {"preview": preview, "info": info})

    def post(self, request):
        info, dataset = self._load(request)
        if dataset is None:
            return redirect("measures:import")
        preview = imports.run_import(dataset, user=request.user, dry_run=False)
        if not preview.is_valid:
            messages.error(request, _("Die Datei enthält Fehler; es wurde nichts importiert."))
            return render(
                request, self.template_name, {"preview": preview, "info": info}, status=400
            )
        imports.discard_upload(request.session)
        messages.success(
            request,
            _("Import abgeschlossen: %(new)d neu, %(changed)d geändert, %(same)d unverändert.")
            % {
                "new": preview.count("new"),
                "changed": preview.count("update"),
                "same": preview.count("skip"),
            },
        )
        return redirect("measures:list")
