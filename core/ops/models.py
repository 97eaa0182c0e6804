from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life (core/ops/heartbeat.py): written every few seconds while
    the worker runs, removed when it stops. A row that has gone stale belongs to a worker that
    was killed; what it was running is lost and is failed at once, not after the timeout."""

    worker_id = models.CharField(_("Worker"), max_length=64, unique=True)
    host = models.CharField(_("Rechner"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("Prozess"), null=True, blank=True)
    started_at = models.DateTimeField(_("gestartet"), auto_now_add=True)
    last_seen = models.DateTimeField(_("zuletzt gemeldet"), db_index=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("Worker-Herzschlag")
        verbose_name_plural = _("Worker-Herzschläge")

    def __str__(self):
        return f"{self.worker_id} ({self.host}, PID {self.pid})"
