from .calendar import (
    CalendarFeedView,
    CalendarRevokeView,
    CalendarTokenView,
    CalendarView,
    ReminderSettingsView,
)
from .conference import (
    ConferenceCreateView,
    ConferenceDetailView,
    ConferenceInviteView,
    ConferenceListView,
    ConferenceMinutesView,
    ConferenceResultAddView,
    ConferenceResultDeleteView,
    ConferenceUpdateView,
)
from .public import PublicationSettingsView
from .survey import (
    NeedToMeasureView,
    SurveyAnswerView,
    SurveyCreateView,
    SurveyDetailView,
    SurveyExportView,
    SurveyFieldView,
    SurveyListView,
    SurveyUpdateView,
)

__all__ = [
    "CalendarFeedView",
    "CalendarRevokeView",
    "CalendarTokenView",
    "CalendarView",
    "ConferenceCreateView",
    "ConferenceDetailView",
    "ConferenceInviteView",
    "ConferenceListView",
    "ConferenceMinutesView",
    "ConferenceResultAddView",
    "ConferenceResultDeleteView",
    "ConferenceUpdateView",
    "NeedToMeasureView",
    "PublicationSettingsView",
    "ReminderSettingsView",
    "SurveyAnswerView",
    "SurveyCreateView",
    "SurveyDetailView",
    "SurveyExportView",
    "SurveyFieldView",
    "SurveyListView",
    "SurveyUpdateView",
]
