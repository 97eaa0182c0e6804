from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _

from core.history_admin import GuardedHistoryAdmin, RecordsAdminMixin

from . import services
from .forms import check_lead_is_no_partner
from .models import Measure, StatusUpdate


class ReportsAreRecords(RecordsAdminMixin):
    """A Sachstand records what was reported, and reporting one also sets the measure's
    status, progress and current value (``services.measure_report_status``): added or changed
    here, it would disagree with the measure. Reports are made on the measure's page."""


class StatusUpdateInline(ReportsAreRecords, admin.TabularInline):
    model = StatusUpdate
    extra = 0
    fields = ["reported_on", "status", "progress", "indicator_value", "text", "author"]


class MeasureAdminForm(forms.ModelForm):
    """Partners are set without history signals (one per added or removed partner, each a
    history record of its own); the record of the save itself then gets the new partners.
    Used by the change page and by simple-history's "revert" alike."""

    class Meta:
        model = Measure
        fields = "__all__"  # noqa: DJ007 – the admin decides the fields shown

    def clean(self):
        cleaned = super().clean()
        check_lead_is_no_partner(self)
        return cleaned

    def _save_m2m(self):
        measure = self.instance
        measure.skip_history_when_saving = True
        try:
            super()._save_m2m()
        finally:
            del measure.skip_history_when_saving
        services.measure_record_partners(measure)


@admin.register(Measure)
class MeasureAdmin(GuardedHistoryAdmin):
    form = MeasureAdminForm
    list_display = [
        "number",
        "title",
        "action_field",
        "lead_actor",
        "status",
        "progress",
        "deadline",
    ]
    list_filter = ["action_field", "status", "lead_actor", "no_extra_resources"]
    search_fields = ["number", "title", "description", "target_group", "indicator"]
    list_select_related = ["action_field", "lead_actor"]
    autocomplete_fields = ["lead_actor", "partners", "staff_actor", "goal"]
    date_hierarchy = "deadline"
    inlines = [StatusUpdateInline]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # An admin save is a change too: open edit forms must notice it (optimistic locking).
        # Counted from the stored version: a revert starts from an old record's version.
        if change:
            with transaction.atomic():
                stored = Measure.objects.select_for_update().filter(pk=obj.pk)
                obj.version = stored.values_list("version", flat=True).get() + 1
        obj._change_reason = (
            _("in der Verwaltungsoberfläche auf einen früheren Stand zurückgesetzt")
            if _is_revert(request)
            else _("in der Verwaltungsoberfläche gespeichert")
        )
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._change_reason = _("in der Verwaltungsoberfläche gelöscht")
        super().delete_model(request, obj)


def _is_revert(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name and match.url_name.endswith("_simple_history"))


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReportsAreRecords, GuardedHistoryAdmin):
    list_display = ["measure", "reported_on", "status", "progress", "author", "unchanged"]
    list_filter = ["status", "unchanged", "measure__action_field"]
    search_fields = ["measure__number", "measure__title", "text"]
    list_select_related = ["measure", "author"]
    autocomplete_fields = ["measure", "author"]
    date_hierarchy = "reported_on"
