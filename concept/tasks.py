"""Background tasks of the concept layer (``django.tasks``)."""

from django.tasks import task

from .mail import PasswordResetMailForm, send_invitation_mail


@task()
def send_invitation(*, account_id: int, inviter_id: int | None, base_url: str) -> None:
    """Send the invitation with a set-your-password link to a new account."""
    from .models import User

    account = User.objects.get(pk=account_id)
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    send_invitation_mail(account=account, inviter=inviter, base_url=base_url)


@task()
def send_password_reset(*, email: str, domain: str, use_https: bool) -> None:
    """Send the „Passwort vergessen?“ link to the active accounts of ``email``.

    In the worker, not the request: the page answers equally fast whether the address exists,
    and an account gets at most one link per ``PASSWORD_RESET_INTERVAL``.
    """
    form = PasswordResetMailForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)
