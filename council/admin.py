"""Admin of editions and papers: adopted revisions and decided papers are read-only."""

from django.contrib import admin

from core.history_admin import ReadOnlyHistoryAdmin

from .models import Consultation, CouncilPaper, Revision
from .services import paper_content, paper_outdate_pdf_if_changed, revision_update


@admin.register(Revision)
class RevisionAdmin(ReadOnlyHistoryAdmin):
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

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # through the service, like the change page: it re-checks the lock and marks the PDFs
        # of papers showing the old title or period as outdated
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        revision_update(revision=obj, user=request.user, **changes)
        obj.refresh_from_db()

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
class CouncilPaperAdmin(ReadOnlyHistoryAdmin):
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "revision":
            # only a frozen edition can be an attachment (as in paper_save)
            kwargs["queryset"] = Revision.objects.frozen().defer("snapshot")
        if db_field.name == "reporting_round":
            # only a closed round has frozen values for a Sachstandsbericht (as in paper_save)
            kwargs["queryset"] = db_field.related_model.objects.closed()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # what the PDF showed, compared after the inline Beratungsfolge is saved as well
        request._council_paper_before = (
            paper_content(CouncilPaper.objects.get(pk=obj.pk)) if change else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_council_paper_before", None)
        if before is not None:
            paper_outdate_pdf_if_changed(paper=form.instance, before=before)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("council.change_councilpaper", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("council.delete_councilpaper", obj)

    def has_add_permission(self, request):
        return request.user.has_perm("council.add_councilpaper")
