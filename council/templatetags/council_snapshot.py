"""What a snapshot measure says beyond single values (those go through ``{% load german %}``)."""

from django import template

from ..snapshot import resources_text

register = template.Library()

register.filter("resources", resources_text)
