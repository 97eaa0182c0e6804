from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .. import roles, services
from ..forms import AccountForm
from ..models import User
from .base import apply_errors


class AccountView(LoginRequiredMixin, FormView):
    """„Mein Konto“: own name, e-mail and reminder opt-out; own roles and actors."""

    template_name = "concept/account.html"
    form_class = AccountForm

    def get_form_kwargs(self):
        # a fresh copy: a failed validation must not change request.user (shown in the nav)
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.request.user.pk)}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            role_names=[g.name for g in user.groups.all() if g.name in roles.ALL_ROLES],
            memberships=user.memberships.select_related("actor"),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.account_update(user=self.request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Ihre Angaben sind gespeichert."))
        return redirect("concept:account")
