"""Pages of the site itself rather than of one app: the accessibility statement."""

from django.conf import settings
from django.views.generic import TemplateView

CONFORMANCE_TEXT = {
    "vollstaendig": "vollständig vereinbar",
    "teilweise": "teilweise vereinbar",
    "nicht": "nicht vereinbar",
}


class AccessibilityStatementView(TemplateView):
    """„Erklärung zur Barrierefreiheit“ (BITV 2.0 § 7, NBGG): public, no login, no query."""

    template_name = "pages/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            conformance=CONFORMANCE_TEXT[settings.ACCESSIBILITY_CONFORMANCE],
            fully_conformant=settings.ACCESSIBILITY_CONFORMANCE == "vollstaendig",
            known_issues=settings.ACCESSIBILITY_KNOWN_ISSUES.strip(),
            contact_email=settings.ACCESSIBILITY_CONTACT_EMAIL,
            statement_date=settings.ACCESSIBILITY_STATEMENT_DATE,
            site_url=settings.SITE_URL,
            **kwargs,
        )
