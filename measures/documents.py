"""Documents on a measure (a funding notice, a flyer, course statistics, minutes).

The model lives here and is imported by ``measures.models`` (Django registers it there); the
shared parts (type check by content, storage, download response) are ``core.documents``.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import StoredDocument


class MeasureDocumentQuerySet(models.QuerySet):
    def public(self):
        """Marked public by the coordination (the public page still decides whether it shows
        the measure at all)."""
        return self.filter(is_public=True)


class MeasureDocument(StoredDocument):
    storage_folder = "massnahmen"

    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("Maßnahme"),
    )

    history = HistoricalRecords()
    objects = MeasureDocumentQuerySet.as_manager()

    class Meta(StoredDocument.Meta):
        verbose_name = _("Dokument einer Maßnahme")
        verbose_name_plural = _("Dokumente von Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("sha256"), 64),
                name="measuredocument_sha256_length",
            ),
        ]

    def get_absolute_url(self):
        return reverse("measures:document", args=[self.measure_id, self.pk])
