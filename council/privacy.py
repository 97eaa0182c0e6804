"""Data protection in the council layer: papers naming a person (export only).

A council paper is an official record of the municipality (DSGVO Art. 17 (3) b: kept to
fulfil a legal obligation); its „Vorlage gefertigt von“ and signing name stay after an
erasure. The export lists the papers where the person's name appears in those fields."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import privacy

from .models import CouncilPaper, Revision

NAME_FIELDS = ("under_direction_of", "prepared_by", "co_signatures", "signatory")


def collect_papers(person: privacy.Person):
    user = person.user
    name = user.get_full_name().strip() if user is not None else ""
    rows = []
    if name:
        condition = Q(pk__in=[])
        for field in NAME_FIELDS:
            condition |= Q(**{f"{field}__icontains": name})
        for paper in CouncilPaper.objects.filter(condition):
            rows.append(
                {
                    "drucksache": paper.number,
                    "betreff": paper.title,
                    **{field: getattr(paper, field) for field in NAME_FIELDS},
                }
            )
    if user is not None:
        for revision in Revision.objects.filter(frozen_by=user):
            rows.append({"fassung": str(revision), "eingefroren_von_der_person": True})
    return rows


def register() -> None:
    privacy.register_collector("drucksachen", _("Ratsdrucksachen und Fassungen"), collect_papers)
