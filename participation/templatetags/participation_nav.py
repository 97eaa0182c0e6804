"""Nav entries of participation, decided by our rules only.

``user.has_perm`` would fall through to Django's ModelBackend for every "no" and cost two
permission queries on every page; the rule set answers from the cached roles alone.
"""

from django import template
from rules.permissions import has_perm

register = template.Library()


@register.simple_tag
def participation_nav(user) -> dict[str, bool]:
    return {
        "surveys": has_perm("participation.view_surveys", user),
        "rounds": has_perm("participation.view_round", user),
        "publication": has_perm("participation.manage_publication", user),
        "digest": has_perm("participation.view_digest", user),
    }
