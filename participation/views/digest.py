"""The coordination's weekly digest as a page (the same lists as the Monday mail)."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.views.generic import TemplateView

from ..digest import build_digest


class DigestView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "participation.view_digest"
    template_name = "participation/digest.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(digest=build_digest(), **kwargs)
