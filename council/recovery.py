"""Council's part of ``recover_tasks``: papers whose render died with its worker."""

from django.utils.translation import gettext as _


def fail_lost_renderings(sender, *, older_than, **kwargs):
    from .services import paper_fail_lost_renderings

    return _("Drucksachen-PDFs mit verlorenem Worker"), paper_fail_lost_renderings(
        older_than=older_than
    )
