"""Data protection in the measures layer: the status reports a person wrote (export only).

Status reports are the municipality's records: an erasure keeps them; their author becomes
"gelöschte Person" (the account row stays, see concept/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from core import privacy

from .models import StatusUpdate


def collect_status_reports(person: privacy.Person):
    if person.user is None:
        return []
    return [
        {
            "massnahme": s.measure.number,
            "datum": s.reported_on.isoformat(),
            "status": s.get_status_display(),
            "fortschritt": s.progress,
            "text": s.text,
            "erfasst_am": s.created_at.isoformat(),
        }
        for s in StatusUpdate.objects.filter(author=person.user).select_related("measure")
    ]


def register() -> None:
    privacy.register_collector("sachstaende", _("Verfasste Sachstände"), collect_status_reports)
