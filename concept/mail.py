"""E-mails of the concept layer: the invitation with a set-your-password link, and the
„Passwort vergessen?“ mail (sent by the worker, at most once per interval)."""

import datetime

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def password_link(account, base_url: str) -> str:
    """An absolute ``password_reset_confirm`` link, valid for PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return base_url.rstrip("/") + path


def send_invitation_mail(*, account, inviter, base_url: str) -> None:
    valid_until = timezone.localtime() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    context = {
        "account": account,
        "inviter": inviter,
        "link": password_link(account, base_url),
        "login_url": base_url.rstrip("/") + reverse("login"),
        "valid_until": valid_until,
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "CONCEPT_TITLE": settings.CONCEPT_TITLE,
        "COORDINATION_OFFICE": settings.COORDINATION_OFFICE,
    }
    subject = "".join(render_to_string("concept/mail/invitation_subject.txt", context).splitlines())
    body = render_to_string("concept/mail/invitation.txt", context)
    message = EmailMultiAlternatives(subject, body, to=[account.email])
    message.attach_alternative(
        render_to_string("concept/mail/invitation.html", context), "text/html"
    )
    message.send()


# „Passwort vergessen?“: the page queues the mail (forms.QueuedPasswordResetForm), the worker
# sends it (tasks.send_password_reset) through this form, at most once per interval.


def password_reset_mail_due(*, account: User) -> bool:
    """Claim the next „Passwort vergessen?“ mail of ``account``: True at most once per
    ``PASSWORD_RESET_INTERVAL`` (one UPDATE, so two workers cannot both send)."""
    now = timezone.now()
    earliest = now - datetime.timedelta(seconds=settings.PASSWORD_RESET_INTERVAL)
    claimed = (
        User.objects.filter(pk=account.pk)
        .filter(Q(password_reset_sent_at__isnull=True) | Q(password_reset_sent_at__lte=earliest))
        .update(password_reset_sent_at=now)
    )
    return bool(claimed)


class PasswordResetMailForm(PasswordResetForm):
    """Django's reset mail, sent in the worker, to each account at most once per interval."""

    def get_users(self, email):
        for account in super().get_users(email):
            if password_reset_mail_due(account=account):
                yield account
