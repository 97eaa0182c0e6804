"""Participation: survey rounds, the integration conference, reporting rounds and personal
links, reminders, publication."""

from .conference import Conference, ConferenceDocument, ConferenceResult, ConferenceResultKind
from .invitation import ConferenceInvitation
from .publication import PublicationSettings
from .reminders import Reminder, ReminderKind
from .reporting import (
    EntryOutcome,
    LinkState,
    ReportingLink,
    ReportingRound,
    RoundEntry,
)
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
    "EntryOutcome",
    "LinkState",
    "Reminder",
    "ReminderKind",
    "ReportingLink",
    "ReportingRound",
    "RoundEntry",
    "ResponseStatus",
    "SurveyResponse",
    "SurveyRound",
    "Urgency",
]
