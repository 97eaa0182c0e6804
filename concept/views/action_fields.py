"""The coordination manages the action fields: add, rename, renumber, reorder, deactivate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from .. import branding_services as services
from ..branding_forms import ActionFieldForm
from ..models import ActionField
from .base import PermissionMixin, apply_errors, message_errors


class ActionFieldListView(PermissionMixin, ListView):
    permission_required = "concept.change_actionfield"
    template_name = "concept/action_field_list.html"
    context_object_name = "fields"

    def get_queryset(self):
        return ActionField.objects.annotate(goal_count=Count("goals"))


class ActionFieldCreateView(PermissionMixin, FormView):
    permission_required = "concept.add_actionfield"
    template_name = "concept/action_field_form.html"
    form_class = ActionFieldForm

    def get_initial(self):
        last = ActionField.objects.order_by("-number").values_list("number", flat=True).first()
        return {"number": (last or 0) + 1}

    def form_valid(self, form):
        try:
            field = services.action_field_create(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Handlungsfeld „%(name)s“ angelegt.") % {"name": field})
        return redirect("concept:action_field_list")


class ActionFieldUpdateView(PermissionMixin, FormView):
    permission_required = "concept.change_actionfield"
    template_name = "concept/action_field_form.html"
    form_class = ActionFieldForm

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(ActionField, pk=self.kwargs["pk"])
        return self.object

    def get_form_kwargs(self):
        instance = ActionField.objects.get(pk=self.get_object().pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(field=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.action_field_update(
                field=self.object, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Änderungen gespeichert."))
        return redirect("concept:action_field_list")


class ActionFieldActivateView(PermissionMixin, View):
    """POST ``active=0`` deactivates, ``active=1`` activates again."""

    permission_required = "concept.change_actionfield"
    http_method_names = ["post"]

    def get_object(self):
        return get_object_or_404(ActionField, pk=self.kwargs["pk"])

    def post(self, request, pk):
        field = self.get_object()
        active = request.POST.get("active") == "1"
        services.action_field_set_active(field=field, user=request.user, active=active)
        text = (
            _("Handlungsfeld „%(name)s“ ist wieder aktiv.")
            if active
            else _("Handlungsfeld „%(name)s“ ist deaktiviert; es nimmt keine neuen Ziele auf.")
        )
        messages.success(request, text % {"name": field.name})
        return redirect("concept:action_field_list")


class ActionFieldDeleteView(PermissionMixin, View):
    permission_required = "concept.delete_actionfield"
    http_method_names = ["post"]

    def get_object(self):
        return get_object_or_404(ActionField, pk=self.kwargs["pk"])

    def post(self, request, pk):
        field = self.get_object()
        try:
            services.action_field_delete(field=field, user=request.user)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Handlungsfeld „%(name)s“ gelöscht.") % {"name": field})
        return redirect("concept:action_field_list")
