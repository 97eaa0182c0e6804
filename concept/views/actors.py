from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from .. import services
from ..forms import ActorFilter, ActorForm, MemberAddForm
from ..models import Actor, Membership, User
from ..panels import actor_columns, actor_delete_blockers, actor_sections
from .base import PermissionMixin, apply_errors, message_errors


class ActorListView(LoginRequiredMixin, ListView):
    template_name = "concept/actor_list.html"
    context_object_name = "actors"
    paginate_by = 50

    def get_queryset(self):
        # the columns of higher apps (measures: led and partnered) count in the same query
        actors = actor_columns.annotate(Actor.objects.with_counts()).order_by("name")
        self.filterset = ActorFilter(self.request.GET, queryset=actors)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter=self.filterset, query=query.urlencode(), columns=actor_columns.entries, **kwargs
        )
        for actor in context["actors"]:
            actor.column_cells = actor_columns.cells(actor)
        return context


class ActorDetailView(LoginRequiredMixin, DetailView):
    template_name = "concept/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        # the sections of higher apps (measures: led and partnered) read with the actor
        return Actor.objects.prefetch_related(
            Prefetch("memberships", Membership.objects.select_related("user")),
            *actor_sections.prefetch_related(self.request),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = actor_sections.render(self.request, self.object)
        if self.request.user.has_perm("concept.change_actor", self.object):
            context["member_form"] = MemberAddForm(actor=self.object)
        return context


class ActorCreateView(PermissionMixin, FormView):
    permission_required = "concept.add_actor"
    template_name = "concept/actor_form.html"
    form_class = ActorForm

    def form_valid(self, form):
        try:
            actor = services.actor_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Akteur „%(name)s“ angelegt.") % {"name": actor})
        return redirect(actor)


class ActorUpdateView(PermissionMixin, FormView):
    permission_required = "concept.change_actor"
    template_name = "concept/actor_form.html"
    form_class = ActorForm

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(Actor, pk=self.kwargs["pk"])
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Actor.objects.get(pk=self.object.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(actor=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.actor_update(actor=self.object, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Änderungen gespeichert."))
        return redirect(self.object)


class ActorDeleteView(PermissionMixin, DetailView):
    permission_required = "concept.delete_actor"
    template_name = "concept/actor_confirm_delete.html"
    context_object_name = "actor"
    model = Actor

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = super().get_object(queryset)
        return self.object

    def get_context_data(self, **kwargs):
        # why it must stay (measures: the measures it leads), from the apps that use actors
        reasons = actor_delete_blockers.ask(self.object)
        return super().get_context_data(blockers=reasons, **kwargs)

    def post(self, request, *args, **kwargs):
        actor = self.get_object()
        try:
            services.actor_delete(actor=actor, user=request.user)
        except ValidationError as error:
            message_errors(request, error)
            return redirect(actor)
        messages.success(request, _("Akteur „%(name)s“ gelöscht.") % {"name": actor.name})
        return redirect("concept:actor_list")


class _ActorMemberView(PermissionMixin, View):
    """POST only: add or remove a member of an actor (coordinator)."""

    permission_required = "concept.change_actor"

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(Actor, pk=self.kwargs["pk"])
        return self.object

    def success(self):
        return redirect(reverse("concept:actor_detail", args=[self.object.pk]) + "#mitglieder")


class MemberAddView(_ActorMemberView):
    def post(self, request, *args, **kwargs):
        actor = self.get_object()
        form = MemberAddForm(request.POST, actor=actor)
        if not form.is_valid():
            for errors in form.errors.values():
                for text in errors:
                    messages.error(request, text)
            return self.success()
        member = form.cleaned_data["member"]
        try:
            services.membership_add(actor=actor, member=member, user=request.user)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(
                request,
                _("%(user)s ist jetzt Mitglied von „%(actor)s“.")
                % {"user": member, "actor": actor},
            )
        return self.success()


class MemberRemoveView(_ActorMemberView):
    def post(self, request, *args, **kwargs):
        actor = self.get_object()
        member = get_object_or_404(User, pk=kwargs["user_pk"], memberships__actor=actor)
        services.membership_remove(actor=actor, member=member, user=request.user)
        messages.success(
            request,
            _("%(user)s ist nicht mehr Mitglied von „%(actor)s“.")
            % {"user": member, "actor": actor},
        )
        return self.success()
