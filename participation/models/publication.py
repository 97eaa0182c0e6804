"""Whether the public transparency page is switched on, and its introduction."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PublicationSettings(models.Model):
    """A singleton (pk = 1): the coordinator publishes the public page or takes it down."""

    is_published = models.BooleanField(_("öffentlich sichtbar"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    intro = models.TextField(
        _("Einleitungstext"), blank=True, help_text=_("Erscheint oben auf der öffentlichen Seite.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veröffentlichung")
        verbose_name_plural = _("Veröffentlichung")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="publication_singleton")]

    def __str__(self):
        return str(_("Veröffentlichung der Transparenzseite"))

    @classmethod
    def load(cls) -> "PublicationSettings":
        """The one row; not saved until the coordinator changes something."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
