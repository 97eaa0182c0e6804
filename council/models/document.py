"""Documents kept with a council paper (a map, a cost table, a letter) beside its own PDF."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.documents import StoredDocument

from .paper import CouncilPaper


class PaperDocument(StoredDocument):
    storage_folder = "drucksachen-dokumente"

    paper = models.ForeignKey(
        CouncilPaper,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("Drucksache"),
    )

    history = HistoricalRecords()

    class Meta(StoredDocument.Meta):
        verbose_name = _("Dokument einer Drucksache")
        verbose_name_plural = _("Dokumente von Drucksachen")

    def get_absolute_url(self):
        return reverse("council:paper-document", args=[self.paper_id, self.pk])
