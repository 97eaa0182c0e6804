"""The form renderer: Django's Jinja2 widget templates, Django templates as the fallback.

Django ships every built-in form and widget template twice, for its template language and for
Jinja2, with the same markup. Rendering a select through Django templates includes one template
per option, which made the filter form the most expensive part of the measure list; Jinja2
renders the same HTML several times faster. Templates that exist only for Django's template
language (the admin's widgets, third-party widgets) are still found through the fallback.
"""

from __future__ import annotations

from functools import cached_property

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class JinjaFirstRenderer(BaseRenderer):
    @cached_property
    def jinja2(self):
        return Jinja2()

    @cached_property
    def django(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django.get_template(template_name)
