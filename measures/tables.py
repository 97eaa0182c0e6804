"""The sortable measure table (django-tables2)."""

from __future__ import annotations

from urllib.parse import urlencode

import django_tables2 as tables
from django.db.models import F
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from django_tables2.templatetags.django_tables2 import table_page_range

from .models import Measure

# "1.2" before "1.10": the list's order of measure numbers
NUMBER_ORDER = [F("action_field__number"), Length("number"), F("number")]


class MeasureTable(tables.Table):
    """Columns, sorting and paging; the markup is written by the Jinja2 template
    measures/jinja2/measures/measure_table.html."""

    caption = _("Maßnahmen; Spaltenköpfe sortieren die Liste")

    number = tables.Column(
        verbose_name=_("Nr."),
        linkify=True,
    )
    title = tables.Column(verbose_name=_("Titel"), linkify=True)
    action_field = tables.Column(
        verbose_name=_("Handlungsfeld"), order_by=("action_field__number",)
    )
    lead_actor = tables.Column(verbose_name=_("federführend"), order_by=("lead_actor__name",))
    status = tables.Column(verbose_name=_("Status"))
    progress = tables.Column(verbose_name=_("Fortschritt"), attrs={"td": {"class": "num"}})
    deadline = tables.DateColumn(verbose_name=_("Frist"), format="d.m.Y")
    smart = tables.Column(verbose_name=_("SMART"), empty_values=(), orderable=False)

    class Meta:
        model = Measure
        fields = ["number", "title", "action_field", "lead_actor", "status", "progress", "deadline"]
        sequence = [*fields, "smart"]
        attrs = {"class": "table table-striped align-middle"}
        empty_text = _("Keine Maßnahmen gefunden.")
        order_by_field = "sortierung"
        page_field = "seite"
        per_page_field = "pro_seite"
        template_name = "measures/measure_table.html"  # found by the Jinja2 engine

    def order_number(self, queryset, is_descending):
        keys = [k.desc() if is_descending else k.asc() for k in NUMBER_ORDER]
        return queryset.order_by(*keys), True

    def order_deadline(self, queryset, is_descending):
        """Measures without a deadline last in both directions; then by number, so that
        equal deadlines keep one order across pages."""
        deadline = F("deadline").desc if is_descending else F("deadline").asc
        numbers = [k.asc() for k in NUMBER_ORDER]
        return queryset.order_by(deadline(nulls_last=True), *numbers), True

    def query_with(self, name: str, value, *, drop: tuple[str, ...] = ()) -> str:
        """The current query string with ``name`` set to ``value`` and the parameters in
        ``drop`` left out, as django-tables2's ``querystring_replace`` writes it."""
        params = {k: v for k, v in self.request.GET.lists() if k not in drop}
        params[name] = value
        return "?" + urlencode(params, doseq=True)

    def sort_query(self, value) -> str:
        """The link of a column header: the filter stays, the page goes (a new order starts
        on its first page)."""
        return self.query_with(
            self.prefixed_order_by_field, value, drop=(self.prefixed_page_field,)
        )

    def page_range(self) -> list:
        """Page numbers to link, with "..." for the gaps (django-tables2's own choice)."""
        return list(table_page_range(self.page, self.paginator))
