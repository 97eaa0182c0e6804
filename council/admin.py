"""Admin of editions and papers: adopted revisions and decided papers are read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Consultation, CouncilPaper, Revision


@admin.register(Revision)
class RevisionAdmin(SimpleHistoryAdmin):
    list_display = [
        "number",
        "title",
        "state",
        "period_start",
        "period_end",
        "frozen_at",
        "decided_on",
    ]
    list_filter = ["state"]
    search_fields = ["title", "notes"]
    readonly_fields = [
        "state",
        "snapshot_sha256",
        "frozen_at",
        "frozen_by",
        "decided_on",
        "adopting_paper",
        "created_at",
        "updated_at",
    ]
    exclude = ["snapshot"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_adopted:
            return [f.name for f in obj._meta.fields if f.name != "snapshot"]
        if obj is not None and obj.is_frozen:
            return [*self.readonly_fields, "number", "evaluation_cycle_id"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("council.change_revision", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("council.delete_revision", obj)

    def has_add_permission(self, request):
        return request.user.has_perm("council.add_revision")


class ConsultationInline(admin.TabularInline):
    model = Consultation
    extra = 0
    fields = ["position", "body_name", "meeting_date", "agenda_item", "role"]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("council.change_councilpaper", obj)

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("council.change_councilpaper", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("council.change_councilpaper", obj)


@admin.register(CouncilPaper)
class CouncilPaperAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "title", "date", "status", "is_public", "pdf_state"]
    list_filter = ["kind", "status", "is_public", "pdf_state"]
    search_fields = ["number", "title", "body"]
    list_select_related = ["revision"]
    readonly_fields = [
        "status",
        "decided_on",
        "pdf_state",
        "pdf_file",
        "pdf_sha256",
        "pdf_size",
        "pdf_rendered_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ConsultationInline]

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("council.change_councilpaper", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("council.delete_councilpaper", obj)

    def has_add_permission(self, request):
        return request.user.has_perm("council.add_councilpaper")
