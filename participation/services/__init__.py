"""Writes with business meaning (see STYLE.md): keyword-only, typed, atomic."""

from .calendar import calendar_token_renew, calendar_token_revoke, user_set_reminders
from .conference import (
    conference_document_add,
    conference_document_remove,
    conference_document_set_public,
    conference_result_add,
    conference_result_delete,
    conference_send_invitation,
    invitation_counts,
)
from .publication import publication_update
from .rounds import (
    round_add_measures,
    round_candidates,
    round_close,
    round_open,
    round_remove_entry,
    round_update,
)
from .survey import need_create_draft_measure, survey_response_save

__all__ = [
    "calendar_token_renew",
    "calendar_token_revoke",
    "conference_document_add",
    "conference_document_remove",
    "conference_document_set_public",
    "conference_result_add",
    "conference_result_delete",
    "conference_send_invitation",
    "invitation_counts",
    "need_create_draft_measure",
    "publication_update",
    "round_add_measures",
    "round_candidates",
    "round_close",
    "round_open",
    "round_remove_entry",
    "round_update",
    "survey_response_save",
    "user_set_reminders",
]
