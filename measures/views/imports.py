"""Coordinator: upload a table, see the preview with the names to choose, confirm.

The preview computes the whole import in memory and writes nothing (``measures/importing``);
the confirm step computes it again from the stored file and the choices and writes it in one
transaction, all or nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from concept.models import Actor, ActorKind, Goal

from ..importing import IMPORTERS, CommitError, TableError, importer_for
from ..importing.forms import ImportUploadForm, decisions_from
from ..importing.storage import discard_upload, store_upload, stored_upload


class ImportPermission(PermissionRequiredMixin):
    permission_required = "measures.import_measures"
    # anonymous: redirect to the login page; logged in without the permission: 403


class MeasureImportView(ImportPermission, View):
    template_name = "measures/import_upload.html"

    def context(self, form):
        return {"form": form, "importers": list(IMPORTERS.values())}

    def get(self, request):
        kind = request.GET.get("art")
        form = ImportUploadForm(initial={"kind": kind} if kind in IMPORTERS else None)
        return render(request, self.template_name, self.context(form))

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            data = upload.read()
            try:
                importer_for(kind).read(data, upload.name)  # refuses what cannot be read
            except TableError as error:
                form.add_error("file", str(error))
            else:
                store_upload(request.session, data=data, filename=upload.name, kind=kind)
                return redirect("measures:import_preview")
        return render(request, self.template_name, self.context(form), status=400)


class MeasureImportPreviewView(ImportPermission, View):
    template_name = "measures/import_preview.html"

    def _plan(self, request, decisions):
        stored = stored_upload(request.session)
        if stored is None:
            messages.error(
                request, _("Keine hochgeladene Datei gefunden. Bitte laden Sie sie erneut hoch.")
            )
            return None, None, None
        info, data = stored
        importer = importer_for(info.get("kind", "measures"), decisions=decisions)
        try:
            plan = importer.plan(importer.read(data, info["original_name"]))
        except TableError as error:
            messages.error(request, str(error))
            discard_upload(request.session)
            return None, None, None
        return info, importer, plan

    def _render(self, request, info, importer, plan, status=200):
        context = {"plan": plan, "info": info, "importer": importer}
        if plan.missing_actors:
            context["actor_choices"] = list(
                Actor.objects.order_by("name").values_list("pk", "name")
            )
            context["kind_choices"] = ActorKind.choices
        if plan.missing_goals:
            context["goal_choices"] = list(
                Goal.objects.values_list("pk", "title", "action_field_id")
            )
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        info, importer, plan = self._plan(request, {})
        if plan is None:
            return redirect("measures:import")
        return self._render(request, info, importer, plan)

    def post(self, request):
        action = request.POST.get("action", "confirm")
        if action == "abandon":
            discard_upload(request.session)
            messages.info(request, _("Import verworfen; die Datei wurde gelöscht."))
            return redirect("measures:import")
        info, importer, plan = self._plan(request, decisions_from(request.POST))
        if plan is None:
            return redirect("measures:import")
        if action != "confirm":
            return self._render(request, info, importer, plan)
        if not plan.is_valid:
            messages.error(
                request,
                _("Es wurde nichts importiert: bitte zuerst die offenen Punkte unten klären."),
            )
            return self._render(request, info, importer, plan, status=400)
        try:
            importer.commit(plan, user=request.user)
        except CommitError as error:
            messages.error(request, str(error))
            return self._render(request, info, importer, plan, status=409)
        discard_upload(request.session)
        messages.success(
            request,
            _("Import abgeschlossen (%(what)s): %(summary)s.")
            % {"what": importer.title, "summary": plan.summary()},
        )
        return redirect(_after(importer.kind))


def _after(kind: str) -> str:
    return {
        "actors": "concept:actor_list",
        "goals": "concept:goal_list",
    }.get(kind, "measures:list")
