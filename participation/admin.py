from django.contrib import admin

from core.history_admin import GuardedHistoryAdmin, RecordsAdminMixin

from .models import (
    Conference,
    ConferenceInvitation,
    ConferenceResult,
    Need,
    Offer,
    PublicationSettings,
    Reminder,
    SurveyResponse,
    SurveyRound,
)


@admin.register(SurveyRound)
class SurveyRoundAdmin(GuardedHistoryAdmin):
    list_display = ["title", "starts_on", "ends_on"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["action_fields", "invited_actors"]


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0


class NeedInline(admin.TabularInline):
    model = Need
    extra = 0
    raw_id_fields = ["measure"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(GuardedHistoryAdmin):
    list_display = ["survey_round", "actor", "action_field", "status", "submitted_at"]
    list_filter = ["status", "survey_round", "action_field"]
    search_fields = ["actor__name", "survey_round__title"]
    list_select_related = ["survey_round", "actor", "action_field"]
    inlines = [OfferInline, NeedInline]


@admin.register(Need)
class NeedAdmin(GuardedHistoryAdmin):
    list_display = ["what", "urgency", "response", "measure"]
    list_filter = ["urgency"]
    search_fields = ["what", "target_group"]
    list_select_related = [
        "response__survey_round",
        "response__actor",
        "response__action_field",
        "measure",
    ]
    raw_id_fields = ["measure"]


class ConferenceResultInline(admin.StackedInline):
    model = ConferenceResult
    extra = 0
    filter_horizontal = ["measures", "goals"]


class InvitationsAreRecords(RecordsAdminMixin):
    """An invitation row records that the mail went out (``services.conference_send_invitation``):
    added, changed or deleted here, the page would offer the wrong recipients as newcomers."""

    records_deletable = False


class ConferenceInvitationInline(InvitationsAreRecords, admin.TabularInline):
    model = ConferenceInvitation
    extra = 0
    fields = ["recipient", "sent_at"]
    readonly_fields = fields


@admin.register(Conference)
class ConferenceAdmin(GuardedHistoryAdmin):
    list_display = ["title", "starts_at", "place", "participant_count", "invitation_sent_at"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["invited_actors", "attended_actors"]
    inlines = [ConferenceResultInline, ConferenceInvitationInline]


@admin.register(ConferenceInvitation)
class ConferenceInvitationAdmin(InvitationsAreRecords, GuardedHistoryAdmin):
    list_display = ["conference", "recipient", "sent_at"]
    list_filter = ["conference"]
    search_fields = ["recipient__username", "recipient__email", "conference__title"]
    list_select_related = ["conference", "recipient"]
    date_hierarchy = "sent_at"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["kind", "user", "email", "actor", "measure", "due_on", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "email", "occasion", "measure__number"]
    list_select_related = ["user", "actor", "measure"]
    date_hierarchy = "created_at"


@admin.register(PublicationSettings)
class PublicationSettingsAdmin(GuardedHistoryAdmin):
    list_display = ["__str__", "is_published", "published_at"]
