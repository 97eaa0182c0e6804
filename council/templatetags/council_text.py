from django import template

from ..text import parse_blocks

register = template.Library()


@register.inclusion_tag("council/includes/text_blocks.html")
def text_blocks(text):
    """Paragraphs and lists of a plain text, escaped by the template."""
    return {"blocks": parse_blocks(text)}
