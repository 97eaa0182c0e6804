from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from .. import services
from ..forms import GoalForm
from ..models import ActionField, Goal
from ..panels import goal_columns, goal_delete_notes
from .base import PermissionMixin, apply_errors


def _goals_url(goal_or_field) -> str:
    field_id = getattr(goal_or_field, "action_field_id", None) or goal_or_field.pk
    return reverse("concept:goal_list") + f"#handlungsfeld-{field_id}"


class GoalListView(LoginRequiredMixin, ListView):
    """The seven action fields with their goals and the number of measures serving each."""

    template_name = "concept/goal_list.html"
    context_object_name = "fields"

    def get_queryset(self):
        # the columns of higher apps (measures: how many serve the goal) in the goals' query
        goals = goal_columns.annotate(Goal.objects.all())
        return ActionField.objects.prefetch_related(Prefetch("goals", goals))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(columns=goal_columns.entries, **kwargs)
        for field in context["fields"]:
            for goal in field.goals.all():
                goal.column_cells = goal_columns.cells(goal)
        return context


class GoalCreateView(PermissionMixin, FormView):
    permission_required = "concept.add_goal"
    template_name = "concept/goal_form.html"
    form_class = GoalForm

    def get_initial(self):
        field = self.request.GET.get("action_field", "")
        return {"action_field": int(field)} if field.isdigit() else {}

    def form_valid(self, form):
        try:
            goal = services.goal_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Ziel „%(title)s“ angelegt.") % {"title": goal.title})
        return redirect(_goals_url(goal))


class GoalUpdateView(PermissionMixin, FormView):
    permission_required = "concept.change_goal"
    template_name = "concept/goal_form.html"
    form_class = GoalForm

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(Goal, pk=self.kwargs["pk"])
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Goal.objects.get(pk=self.object.pk)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.goal_update(goal=self.object, user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Änderungen gespeichert."))
        return redirect(_goals_url(self.object))


class GoalDeleteView(PermissionMixin, DetailView):
    permission_required = "concept.delete_goal"
    template_name = "concept/goal_confirm_delete.html"
    context_object_name = "goal"

    def get_queryset(self):
        return Goal.objects.select_related("action_field")

    def get_context_data(self, **kwargs):
        notes = goal_delete_notes.render(self.request, self.object)
        return super().get_context_data(notes=notes, **kwargs)

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = super().get_object(queryset)
        return self.object

    def post(self, request, *args, **kwargs):
        goal = self.get_object()
        url = _goals_url(goal)
        services.goal_delete(goal=goal, user=request.user)
        messages.success(request, _("Ziel „%(title)s“ gelöscht.") % {"title": goal.title})
        return redirect(url)
