"""Filters for snapshot values (plain JSON: ISO dates, decimal strings, status codes)."""

from django import template

from .. import formatting

register = template.Library()

register.filter("snap_date", formatting.german_date)
register.filter("snap_euro", formatting.euro)
register.filter("snap_status", formatting.status_label)
register.filter("snap_actor", formatting.actor_name)
register.filter("snap_resources", formatting.resources)
