"""Places on a lower app's page that higher apps fill: the layer rule's way up.

A lower app never names a higher one (see ``.importlinter`` and ``tools/check_layers.py``).
Where its page must show something from above (the survey need a measure came from, the
measures an actor leads), the lower app declares a ``Slot`` and renders whatever is in it;
the higher app registers a ``Panel`` (its own template and context) in its
``AppConfig.ready()``. A panel may add ``select_related``/``prefetch_related`` paths to the
page's own query, so it costs no query of its own; and ``Column`` does the same for a list
page's table (an annotation and a cell).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


def _nothing(request) -> Sequence:
    return ()


@dataclass(frozen=True)
class Panel:
    """A piece of a page: ``template_name`` rendered with ``context(request, obj)``; a
    context of None means the panel has nothing to show (or not to this user)."""

    template_name: str
    context: Callable[[Any, Any], dict | None]
    # paths the panel reads from ``obj``, joined into the page's own query
    select_related: Callable[[Any], Sequence[str]] = _nothing
    prefetch_related: Callable[[Any], Sequence] = _nothing


@dataclass(frozen=True)
class Column:
    """A column of a list page's table: ``annotate(queryset)`` adds the value as
    ``attribute`` in the list's own query; ``header`` heads it."""

    header: str
    attribute: str
    annotate: Callable[[Any], Any]
    numeric: bool = True


@dataclass
class Slot:
    """A named place on a page; higher apps ``register`` panels or columns into it."""

    name: str
    entries: list = field(default_factory=list)

    def register(self, entry):
        self.entries.append(entry)
        return entry

    def select_related(self, request) -> list[str]:
        return [path for panel in self.entries for path in panel.select_related(request)]

    def prefetch_related(self, request) -> list:
        return [lookup for panel in self.entries for lookup in panel.prefetch_related(request)]

    def render(self, request, obj) -> list[SafeString]:
        """The panels' HTML for ``obj``, in the order they were registered."""
        rendered = []
        for panel in self.entries:
            context = panel.context(request, obj)
            if context is not None:
                html = render_to_string(panel.template_name, context, request=request)
                rendered.append(mark_safe(html))  # noqa: S308 – an autoescaped template
        return rendered

    def annotate(self, queryset):
        """The list's queryset with every column's value."""
        for column in self.entries:
            queryset = column.annotate(queryset)
        return queryset

    def cells(self, obj) -> list[tuple[Column, Any]]:
        """(column, value) for each column of a row (the values from ``annotate``)."""
        return [(column, getattr(obj, column.attribute)) for column in self.entries]

    def ask(self, *args) -> list:
        """Call every entry (a function) with ``args``; the answers that are not None (e.g.
        the reasons a higher app gives why an object must not be deleted)."""
        return [answer for check in self.entries if (answer := check(*args)) is not None]
