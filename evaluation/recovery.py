"""The evaluation's part of ``recover_tasks``: reports whose rendering died with its worker."""

from django.utils.translation import gettext as _


def fail_lost_reports(sender, *, older_than, **kwargs):
    from .services import cycle_report_fail_lost

    return _("Evaluierungsberichte mit verlorenem Worker"), cycle_report_fail_lost(
        older_than=older_than
    )
