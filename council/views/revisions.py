"""Editions of the concept: list, create, edit, freeze, show, compare."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core.lookup import get_for_user
from measures.models import Measure

from .. import snapshot
from ..diff import diff_documents
from ..forms import RevisionForm
from ..models import Revision
from ..renderers.attachments import evaluation_table, revision_tables
from ..services import RefusedError, revision_create, revision_freeze, revision_update


def _revision_for(request, pk, action_perm=None):
    return get_for_user(
        Revision.objects.select_related("frozen_by", "adopting_paper"),
        request.user,
        pk=pk,
        perm_view="council.view_revision",
        perm_change=action_perm,
    )


class RevisionListView(LoginRequiredMixin, View):
    def get(self, request):
        # 1 query: the visible revisions (adopting paper joined)
        revisions = list(
            Revision.objects.visible_to(request.user)
            .select_related("adopting_paper")
            .defer("snapshot")
        )
        frozen = [r for r in revisions if r.is_frozen]
        return render(
            request,
            "council/revision_list.html",
            {
                "revisions": revisions,
                "frozen": frozen,
                "can_add": request.user.has_perm("council.add_revision"),
                "can_live_diff": request.user.has_perm("council.view_live_diff") and frozen,
            },
        )


class RevisionCreateView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("council.add_revision"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        from ..services import next_revision_number

        return self._form(request, RevisionForm(initial={"number": next_revision_number()}))

    def post(self, request):
        form = RevisionForm(request.POST)
        if form.is_valid():
            revision = revision_create(user=request.user, **form.cleaned_data)
            messages.success(request, _("Die Fassung wurde angelegt."))
            return redirect(revision)
        return self._form(request, form)

    def _form(self, request, form):
        return render(request, "council/revision_form.html", {"form": form, "revision": None})


class RevisionUpdateView(LoginRequiredMixin, View):
    def get(self, request, pk):
        revision = _revision_for(request, pk, "council.change_revision")
        return self._form(request, RevisionForm(instance=revision), revision)

    def post(self, request, pk):
        revision = _revision_for(request, pk, "council.change_revision")
        form = RevisionForm(request.POST, instance=revision)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                revision_update(revision=revision, user=request.user, **changes)
            except RefusedError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Die Fassung wurde gespeichert."))
                return redirect(revision)
        return self._form(request, form, revision)

    def _form(self, request, form, revision):
        return render(request, "council/revision_form.html", {"form": form, "revision": revision})


class RevisionFreezeView(LoginRequiredMixin, View):
    """GET asks for confirmation (freezing cannot be undone), POST freezes."""

    def get(self, request, pk):
        revision = _revision_for(request, pk, "council.freeze_revision")
        cycle_id = revision.evaluation_cycle_id
        context = {
            "revision": revision,
            "measure_count": Measure.objects.count(),
            # {"title", "closed"} of the chosen evaluation cycle, None without one
            "cycle": snapshot.evaluation_cycle_states([cycle_id]).get(cycle_id),
        }
        return render(request, "council/revision_freeze.html", context)

    def post(self, request, pk):
        revision = _revision_for(request, pk, "council.freeze_revision")
        try:
            revision_freeze(revision=revision, user=request.user)
        except RefusedError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Die Fassung ist eingefroren: Spätere Änderungen ändern sie nicht mehr.")
            )
        return redirect(revision)


class RevisionDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        revision = _revision_for(request, pk)
        user = request.user
        previous = revision.previous_frozen() if revision.is_frozen else None
        return render(
            request,
            "council/revision_detail.html",
            {
                "revision": revision,
                "tables": revision_tables(revision),
                "evaluation": evaluation_table(revision),
                "measure_count": len((revision.snapshot or {}).get("measures", [])),
                "verified": revision.is_frozen
                and snapshot.verify(revision.snapshot, revision.snapshot_sha256),
                "previous": previous
                if previous and user.has_perm("council.view_revision", previous)
                else None,
                "papers": [
                    p
                    for p in revision.papers.all()
                    if user.has_perm("council.view_councilpaper", p)
                ],
                "can_change": user.has_perm("council.change_revision", revision),
                "can_freeze": user.has_perm("council.freeze_revision", revision),
                "can_live_diff": revision.is_frozen and user.has_perm("council.view_live_diff"),
            },
        )


class RevisionDiffView(LoginRequiredMixin, View):
    """Differences between two frozen revisions (``?alt=<pk>&neu=<pk>``)."""

    def get(self, request):
        visible = Revision.objects.visible_to(request.user).frozen()
        choices = list(visible.defer("snapshot"))
        old = new = diff = None
        error = ""
        old_pk, new_pk = request.GET.get("alt", ""), request.GET.get("neu", "")
        if old_pk or new_pk:
            if not (old_pk.isdigit() and new_pk.isdigit()):
                error = _("Bitte zwei Fassungen auswählen.")
            else:
                found = {r.pk: r for r in visible.filter(pk__in=[int(old_pk), int(new_pk)])}
                old, new = found.get(int(old_pk)), found.get(int(new_pk))
                if old is None or new is None:
                    error = _("Diese Fassung gibt es nicht oder sie ist für Sie nicht sichtbar.")
                elif old.pk == new.pk:
                    error = _("Bitte zwei verschiedene Fassungen auswählen.")
                else:
                    if old.number > new.number:
                        old, new = new, old
                    diff = diff_documents(old.snapshot, new.snapshot)
        elif len(choices) >= 2:
            new, old = choices[0], choices[1]
            old, new = Revision.objects.get(pk=old.pk), Revision.objects.get(pk=new.pk)
            diff = diff_documents(old.snapshot, new.snapshot)
        return render(
            request,
            "council/revision_diff.html",
            {
                "choices": choices,
                "old": old,
                "new": new,
                # the <title> and the <h1>
                "heading": _("Änderungen von %(old)s zur %(new)s")
                % {"old": old.label_dative, "new": new.label}
                if diff
                else _("Fassungen vergleichen"),
                "diff": diff,
                "error": error,
                "live": False,
            },
            status=400 if error else 200,
        )


class LiveDiffView(LoginRequiredMixin, View):
    """Differences between the latest frozen revision and today's live data."""

    def get(self, request):
        if not request.user.has_perm("council.view_live_diff"):
            raise PermissionDenied
        latest = Revision.objects.visible_to(request.user).latest_frozen()
        diff = None
        if latest is not None:
            diff = diff_documents(latest.snapshot, snapshot.build_snapshot())
        return render(
            request,
            "council/revision_diff.html",
            {
                "old": latest,
                "heading": _("Änderungen von %(old)s zum heutigen Stand")
                % {"old": latest.label_dative}
                if diff
                else _("Änderungen seit der letzten Fassung"),
                "diff": diff,
                "live": True,
            },
        )
