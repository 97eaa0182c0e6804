"""Who was sent the invitation to a conference: one row per (conference, recipient)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .conference import Conference


class ConferenceInvitation(models.Model):
    """The invitation reached ``recipient``; ``sent_at`` is the last time, the history holds
    every earlier one. A recipient without a row is a newcomer (a member who joined an invited
    actor, or gave an e-mail address, after the first sending)."""

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("Konferenz"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conference_invitations",
        verbose_name=_("Empfänger*in"),
    )
    sent_at = models.DateTimeField(_("zuletzt verschickt am"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "recipient"]
        verbose_name = _("versandte Einladung")
        verbose_name_plural = _("versandte Einladungen")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "recipient"],
                name="conference_invitation_once_per_recipient",
            )
        ]

    def __str__(self):
        return f"{self.conference} – {self.recipient}"
