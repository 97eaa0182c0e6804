"""Widgets that write their HTML in Python where a template per item is the bottleneck."""

from __future__ import annotations

from django import forms
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape  # the escaping of the Jinja2 widget templates


def _attrs(attrs: dict) -> str:
    """The markup of Django's ``attrs.html``: True as a bare name, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        parts.append(f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """A select with the markup of Django's template, without one template per option.

    For selects with many options that are rendered on every request (the list filters):
    ``get_context()`` decides as usual which options are selected; only the writing differs.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{escape(option['label'])}</option>"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 – every value above is escaped
