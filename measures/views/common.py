"""Helpers shared by the measure views."""

from django.contrib.auth.mixins import LoginRequiredMixin

from core.lookup import get_for_user

from ..models import Measure


def measure_rows():
    """A measure with what its pages show (every logged-in user may see every measure)."""
    return Measure.objects.with_related().select_related("staff_actor")


class MeasurePermissionMixin(LoginRequiredMixin):
    """Loads ``self.measure`` and checks ``permission_required`` on it (403 when refused)."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.measure = get_for_user(
            measure_rows(),
            request.user,
            pk=kwargs["pk"],
            perm_change=self.permission_required or None,
        )
        return super().dispatch(request, *args, **kwargs)
