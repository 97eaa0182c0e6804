"""Helpers shared by the measure views."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Measure


def get_measure_for_user(request, pk, perm: str | None = None, related=()) -> Measure:
    """The measure with its related rows (and ``related`` ones, for select_related); 404 if
    unknown, 403 if ``perm`` is not granted.

    Every logged-in user may see every measure (concept is public inside the app).
    """
    rows = Measure.objects.with_related().select_related("staff_actor", *related)
    measure = get_object_or_404(rows, pk=pk)
    if perm and not request.user.has_perm(perm, measure):
        raise PermissionDenied
    return measure


class MeasurePermissionMixin(LoginRequiredMixin):
    """Loads ``self.measure`` and checks ``permission_required`` on it (403 when refused)."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.measure = get_measure_for_user(request, kwargs["pk"], self.permission_required)
        return super().dispatch(request, *args, **kwargs)
