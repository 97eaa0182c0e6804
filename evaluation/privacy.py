"""Data protection in the evaluation layer: assessments a person drafted or finalised (export
only; the assessments are the municipality's records and keep "gelöschte Person")."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import privacy

from .models import Assessment


def collect_assessments(person: privacy.Person):
    if person.user is None:
        return []
    user = person.user
    rows = Assessment.objects.filter(Q(drafted_by=user) | Q(finalised_by=user)).select_related(
        "cycle", "measure"
    )
    return [
        {
            "evaluierung": str(a.cycle),
            "massnahme": a.measure.number,
            "entwurf_von_der_person": a.drafted_by_id == user.pk,
            "abschliessend_von_der_person": a.finalised_by_id == user.pk,
            "entwurf_vom": a.drafted_at.isoformat() if a.drafted_at else None,
            "abschliessend_am": a.finalised_at.isoformat() if a.finalised_at else None,
        }
        for a in rows
    ]


def register() -> None:
    privacy.register_collector(
        "bewertungen", _("Bewertungen in Evaluierungen"), collect_assessments
    )
