import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from .. import services
from ..forms import InviteForm, UserEditForm
from ..models import Membership, User
from .base import PermissionMixin, apply_errors, message_errors


def locked_usernames(usernames) -> set[str]:
    """Which of ``usernames`` django-axes currently locks out (one query)."""
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def users_with_roles():
    return User.objects.prefetch_related(
        "groups", Prefetch("memberships", Membership.objects.select_related("actor"))
    )


class UserListView(PermissionMixin, ListView):
    permission_required = "concept.manage_users"
    template_name = "concept/user_list.html"
    context_object_name = "accounts"
    paginate_by = 100

    def get_queryset(self):
        qs = users_with_roles()
        state = self.request.GET.get("status", "aktiv")
        if state == "aktiv":
            qs = qs.filter(is_active=True)
        elif state == "inaktiv":
            qs = qs.filter(is_active=False)
        self.state = state
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        accounts = context["accounts"]
        context["locked"] = locked_usernames(a.username for a in accounts)
        context["state"] = self.state
        return context


class UserInviteView(PermissionMixin, FormView):
    permission_required = "concept.manage_users"
    template_name = "concept/user_invite.html"
    form_class = InviteForm

    def get_context_data(self, **kwargs):
        days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
        return super().get_context_data(link_days=days, **kwargs)

    def form_valid(self, form):
        try:
            account = services.user_invite(
                user=self.request.user, base_url=base_url(self.request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s wurde eingeladen; die E-Mail geht an %(email)s.")
            % {"name": account, "email": account.email},
        )
        return redirect("concept:user_detail", pk=account.pk)


class UserDetailView(PermissionMixin, FormView):
    """A user's page: edit name, e-mail, role and actors; activation, invitation, lock-out."""

    permission_required = "concept.manage_users"
    template_name = "concept/user_detail.html"
    form_class = UserEditForm

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(users_with_roles(), pk=self.kwargs["pk"])
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "account": self.object}

    def get_initial(self):
        account = self.object
        return {
            "first_name": account.first_name,
            "last_name": account.last_name,
            "email": account.email,
            "role": services.role_of(account) or "",
            "actors": [m.actor for m in account.memberships.all()],
        }

    def get_context_data(self, **kwargs):
        account = self.object
        return super().get_context_data(
            account=account,
            is_locked=bool(locked_usernames([account.username])),
            invitation_pending=not account.has_usable_password(),
            may_deactivate=self.request.user.has_perm("concept.deactivate_user", account),
            may_erase=not account.is_erased
            and self.request.user.has_perm("concept.erase_user", account),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.user_update(
                account=self.object, user=self.request.user, role=data["role"] or None,
                first_name=data["first_name"], last_name=data["last_name"],
                email=data["email"], actors=data["actors"],
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Änderungen gespeichert."))
        return redirect("concept:user_detail", pk=self.object.pk)


class _UserActionView(PermissionMixin, View):
    """POST only: one action on a user account, then back to the user's page."""

    permission_required = "concept.manage_users"

    def get_object(self):
        if not hasattr(self, "object"):
            self.object = get_object_or_404(User, pk=self.kwargs["pk"])
        return self.object

    def post(self, request, *args, **kwargs):
        try:
            text = self.act(self.get_object())
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, text)
        return redirect("concept:user_detail", pk=self.object.pk)


class UserDeactivateView(_UserActionView):
    permission_required = "concept.deactivate_user"

    def act(self, account):
        services.user_set_active(account=account, user=self.request.user, active=False)
        return _("%(name)s ist deaktiviert und kann sich nicht mehr anmelden.") % {"name": account}


class UserReactivateView(_UserActionView):
    def act(self, account):
        services.user_set_active(account=account, user=self.request.user, active=True)
        return _("%(name)s ist wieder aktiv.") % {"name": account}


class UserResendInvitationView(_UserActionView):
    def act(self, account):
        services.user_send_invitation(
            account=account, user=self.request.user, base_url=base_url(self.request)
        )
        return _("Die Einladung wurde erneut an %(email)s geschickt.") % {"email": account.email}


class UserUnlockView(_UserActionView):
    def act(self, account):
        services.user_unlock(account=account)
        return _("Die Anmeldesperre für %(name)s ist aufgehoben.") % {"name": account}
