"""Background tasks of participation (django.tasks)."""

from django.tasks import task

from .reminders import send_due_reminders


@task()
def send_reminders_now() -> dict[str, int]:
    """Send what is due now (e.g. enqueued when a reporting round opens, so that its
    "Berichtsrunde eröffnet" reminders do not wait for the next daily run)."""
    return send_due_reminders()
