"""What every write on a measure shares: the conflict it may raise and the history stamp."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from core.conflicts import EditConflict

from .models import Measure


class MeasureConflict(EditConflict):
    """Someone else saved the measure after the form was opened (``core.conflicts``)."""

    subject = gettext_lazy("die Maßnahme")

    @property
    def measure(self) -> Measure:
        return self.current


def _stamp(measure: Measure, *, user, reason: str) -> None:
    measure._history_user = user
    measure._change_reason = reason
