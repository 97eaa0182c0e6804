"""Mails of this app: rendered from templates in German, plain text plus HTML, sent as tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string

from concept.branding import current as current_branding


@task()
def send_mail_task(*, subject: str, body: str, html: str, to: list[str]) -> int:
    """Send one prepared mail (enqueued by the reminder command and the invitation)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    message.attach_alternative(html, "text/html")
    return message.send()


def render_mail(template: str, context: dict) -> tuple[str, str, str]:
    """``participation/mail/<template>_{subject,body}.txt`` and ``..._body.html``."""
    context = {
        **current_branding(fresh=True).as_context(),
        **context,
    }
    prefix = f"participation/mail/{template}"
    subject = " ".join(render_to_string(f"{prefix}_subject.txt", context).split())
    body = render_to_string(f"{prefix}_body.txt", context)
    html = render_to_string(f"{prefix}_body.html", context)
    return subject, body, html


def enqueue_mail(*, template: str, context: dict, to: str):
    subject, body, html = render_mail(template, context)
    return send_mail_task.enqueue(subject=subject, body=body, html=html, to=[to])
