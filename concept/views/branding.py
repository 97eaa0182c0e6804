"""The page "Gemeinde & Darstellung", the coat of arms and the colours as a style sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from .. import branding, branding_services
from ..branding_forms import MunicipalityProfileForm
from ..models import MunicipalityProfile
from .base import PermissionMixin, apply_errors

# the URLs carry the branding's version: a change gives new URLs, so a year is safe
LONG_CACHE = "public, max-age=31536000, immutable"


class MunicipalityProfileView(PermissionMixin, FormView):
    permission_required = "concept.change_municipalityprofile"
    template_name = "concept/municipality_profile.html"
    form_class = MunicipalityProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": MunicipalityProfile.load()}

    def form_valid(self, form):
        try:
            branding_services.municipality_profile_update(
                user=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Gemeinde & Darstellung gespeichert."))
        return redirect("concept:municipality_profile")


class CoatOfArmsView(View):
    """The coat of arms (public: the header of the login and the public page shows it)."""

    def get(self, request, version):
        data = branding.current().coat_of_arms_bytes()
        if not data:
            raise Http404
        mimetype = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        response = HttpResponse(data, content_type=mimetype)
        response["Cache-Control"] = LONG_CACHE
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BrandingCssView(View):
    """The municipality's colours as CSS custom properties (the CSP allows no inline style)."""

    def get(self, request, version):
        current = branding.current()
        css = (
            ":root {\n"
            f"  --municipal-primary: {current.primary_color};\n"
            f"  --municipal-secondary: {current.secondary_color};\n"
            "}\n"
        )
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
        response["Cache-Control"] = LONG_CACHE
        return response
