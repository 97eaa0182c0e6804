from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core.unsent import accepts_get

from .. import roles, services
from ..forms import AccountForm, LoginForm, QueuedPasswordResetForm
from ..models import User
from ..throttle import throttle_allows
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


class LoginView(auth_views.LoginView):
    """Django's login, with our form; never sends the user on to a POST-only address.

    After a session ended, clicking a button of an action (a form that posts) leads to the
    login with ``next`` = the action's URL. Following it after login would GET that URL, which
    only answers POST: the user lands on the start page with a note instead.
    """

    form_class = LoginForm

    def get_success_url(self):
        url = self.get_redirect_url()
        if url and not accepts_get(url):
            messages.warning(
                self.request,
                _(
                    "Sie sind angemeldet. Die Aktion, die Sie zuvor ausführen wollten, wurde "
                    "nicht ausgeführt: Bitte wiederholen Sie sie auf der Seite, auf der Sie sie "
                    "begonnen haben."
                ),
            )
            return self.get_default_redirect_url()
        return url or self.get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    """Django's logout (POST only), confirmed on the login page it redirects to."""

    def post(self, request, *args, **kwargs):
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.info(request, _("Sie wurden abgemeldet."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Back to „Mein Konto“ with a message; there is no done page to open on its own."""

    success_url = reverse_lazy("concept:account")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Passwort geändert. Melden Sie sich künftig mit dem neuen Passwort an."),
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts a login lock-out.

    The lock-out page offers „Passwort vergessen?“: whoever proves control of the account's
    mailbox may log in at once instead of waiting for the lock to expire.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_unlock(account=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """„Passwort vergessen?“, at most ``PASSWORD_RESET_ADDRESS_LIMIT`` requests per client
    address and hour; beyond that the page answers 429 and queues nothing."""

    form_class = QueuedPasswordResetForm

    def post(self, request, *args, **kwargs):
        if not throttle_allows(
            request,
            scope="password_reset",
            limit=settings.PASSWORD_RESET_ADDRESS_LIMIT,
            window=60 * 60,
        ):
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)
