"""The filters of the measure list (django-filter); the state lives in the URL."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concept.forms import StackedForm
from concept.models import ActionField, Actor, Goal
from core.widgets import FastSelect

from .models import Measure, MeasureStatus
from .plan import PlanStatus

DATE_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
ALL = _("alle")


def _date_widget():
    return forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "TT.MM.JJJJ"})


class MeasureFilterForm(StackedForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("deadline_from"), cleaned.get("deadline_to")
        if start and end and end < start:
            self.add_error(
                "deadline_to", _("„Frist bis“ liegt vor „Frist ab“: bitte die Daten tauschen.")
            )
        return cleaned


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suche"),
        method="filter_text",
        help_text=_("Nummer, Titel, Beschreibung oder Zielgruppe"),
    )
    # The choices come from one query per model in __init__ (lead actor and partner share
    # theirs): plain ids and labels, no model objects for a list that is read all day.
    action_field = django_filters.ChoiceFilter(
        label=_("Handlungsfeld"), empty_label=ALL, widget=FastSelect
    )
    goal = django_filters.ChoiceFilter(label=_("Ziel"), empty_label=ALL, widget=FastSelect)
    lead_actor = django_filters.ChoiceFilter(
        label=_("federführender Akteur"), empty_label=ALL, widget=FastSelect
    )
    partner = django_filters.ChoiceFilter(
        field_name="partners", label=_("Kooperationspartner"), empty_label=ALL, widget=FastSelect
    )
    status = django_filters.ChoiceFilter(
        choices=MeasureStatus.choices, label=_("Status"), empty_label=ALL, widget=FastSelect
    )
    deadline_from = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="gte",
        label=_("Frist ab"),
        input_formats=DATE_FORMATS,
        widget=_date_widget(),
    )
    deadline_to = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="lte",
        label=_("Frist bis"),
        input_formats=DATE_FORMATS,
        widget=_date_widget(),
    )
    plan = django_filters.ChoiceFilter(
        choices=PlanStatus.choices,
        label=_("Planvergleich"),
        empty_label=ALL,
        method="filter_plan",
        widget=FastSelect,
        help_text=_("Nach dem neuesten Messwert des Indikators"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("nur überfällige"), method="filter_overdue", widget=forms.CheckboxInput
    )
    not_smart = django_filters.BooleanFilter(
        label=_("nur nicht SMARTe"), method="filter_not_smart", widget=forms.CheckboxInput
    )

    class Meta:
        model = Measure
        fields: list[str] = []
        form = MeasureFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = list(Actor.objects.values_list("pk", "name"))
        choices = {
            "action_field": [
                (pk, f"{number}. {name}")
                for pk, number, name in ActionField.objects.values_list("pk", "number", "name")
            ],
            "goal": [
                (pk, f"{number}. {title}")
                for pk, number, title in Goal.objects.values_list(
                    "pk", "action_field__number", "title"
                )
            ],
            "lead_actor": actors,
            "partner": actors,
        }
        for name, values in choices.items():
            # A function, not the list: the form deep-copies its fields, and a function is
            # copied by reference where the list would be copied pair by pair.
            self.filters[name].extra["choices"] = lambda values=values: values

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(target_group__icontains=value)
        )

    def filter_plan(self, queryset, name, value):
        return queryset.with_plan().filter(plan_status=value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_not_smart(self, queryset, name, value):
        return queryset.not_smart() if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("partner"):
            # the partner join can repeat a measure; keep each once
            queryset = queryset.distinct()
        return queryset
