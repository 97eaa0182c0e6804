"""Participation: survey rounds, the integration conference, reminders, publication."""

from .conference import Conference, ConferenceDocument, ConferenceResult, ConferenceResultKind
from .invitation import ConferenceInvitation
from .publication import PublicationSettings
from .reminders import Reminder, ReminderKind
from .survey import (
    Need,
    Offer,
    ResponseStatus,
    SurveyResponse,
    SurveyRound,
    Urgency,
)

__all__ = [
    "Conference",
    "ConferenceDocument",
    "ConferenceInvitation",
    "ConferenceResult",
    "ConferenceResultKind",
    "Need",
    "Offer",
    "PublicationSettings",
    "Reminder",
    "ReminderKind",
    "ResponseStatus",
    "SurveyResponse",
    "SurveyRound",
    "Urgency",
]
