from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("abfragen/", views.SurveyListView.as_view(), name="survey_list"),
    path("abfragen/neu/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("abfragen/<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("abfragen/<int:pk>/bearbeiten/", views.SurveyUpdateView.as_view(), name="survey_update"),
    path(
        "abfragen/<int:pk>/handlungsfelder/<int:field_pk>/",
        views.SurveyFieldView.as_view(),
        name="survey_field",
    ),
    path(
        "abfragen/<int:pk>/akteure/<int:actor_pk>/handlungsfelder/<int:field_pk>/",
        views.SurveyAnswerView.as_view(),
        name="survey_answer",
    ),
    path("abfragen/<int:pk>/export.xlsx", views.SurveyExportView.as_view(), name="survey_export"),
    path("bedarfe/<int:pk>/massnahme/", views.NeedToMeasureView.as_view(), name="need_to_measure"),
    path("konferenzen/", views.ConferenceListView.as_view(), name="conference_list"),
    path("konferenzen/neu/", views.ConferenceCreateView.as_view(), name="conference_create"),
    path(
        "konferenzen/<int:pk>/dokumente/neu/",
        views.ConferenceDocumentAddView.as_view(),
        name="conference_document_add",
    ),
    path(
        "konferenzen/<int:pk>/dokumente/<int:document_pk>/",
        views.ConferenceDocumentDownloadView.as_view(),
        name="conference_document",
    ),
    path(
        "konferenzen/<int:pk>/dokumente/<int:document_pk>/loeschen/",
        views.ConferenceDocumentDeleteView.as_view(),
        name="conference_document_delete",
    ),
    path(
        "konferenzen/<int:pk>/dokumente/<int:document_pk>/freigabe/",
        views.ConferenceDocumentPublicView.as_view(),
        name="conference_document_public",
    ),
    path("konferenzen/<int:pk>/", views.ConferenceDetailView.as_view(), name="conference_detail"),
    path(
        "konferenzen/<int:pk>/bearbeiten/",
        views.ConferenceUpdateView.as_view(),
        name="conference_update",
    ),
    path(
        "konferenzen/<int:pk>/einladen/",
        views.ConferenceInviteView.as_view(),
        name="conference_invite",
    ),
    path(
        "konferenzen/<int:pk>/ergebnisse/",
        views.ConferenceResultAddView.as_view(),
        name="conference_result_add",
    ),
    path(
        "ergebnisse/<int:pk>/loeschen/",
        views.ConferenceResultDeleteView.as_view(),
        name="conference_result_delete",
    ),
    path(
        "konferenzen/<int:pk>/protokoll.txt",
        views.ConferenceMinutesView.as_view(),
        name="conference_minutes",
    ),
    path("kalender/", views.CalendarView.as_view(), name="calendar"),
    path("kalender/link/", views.CalendarTokenView.as_view(), name="calendar_token"),
    path("kalender/widerrufen/", views.CalendarRevokeView.as_view(), name="calendar_revoke"),
    path("kalender/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
    path("erinnerungen/", views.ReminderSettingsView.as_view(), name="reminder_settings"),
    path("berichtsrunden/", views.RoundListView.as_view(), name="round_list"),
    path("berichtsrunden/neu/", views.RoundCreateView.as_view(), name="round_create"),
    path("berichtsrunden/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path(
        "berichtsrunden/<int:pk>/bearbeiten/",
        views.RoundUpdateView.as_view(),
        name="round_update",
    ),
    path(
        "berichtsrunden/<int:pk>/abschliessen/",
        views.RoundCloseView.as_view(),
        name="round_close",
    ),
    path(
        "berichtsrunden/<int:pk>/akteure/<int:actor_pk>/link-senden/",
        views.RoundSendLinkView.as_view(),
        name="round_send_link",
    ),
    path(
        "berichtsrunden/<int:pk>/akteure/<int:actor_pk>/links-widerrufen/",
        views.RoundRevokeLinksView.as_view(),
        name="round_revoke_links",
    ),
    path("wochenuebersicht/", views.DigestView.as_view(), name="digest"),
    path("veroeffentlichung/", views.PublicationSettingsView.as_view(), name="publication"),
    # Reporting without an account: the token of a personal link is the key.
    path("melden/<str:token>/", views.LinkHomeView.as_view(), name="link_home"),
    path("melden/<str:token>/neu/", views.LinkRequestView.as_view(), name="link_request"),
    path(
        "melden/<str:token>/<int:measure_pk>/", views.LinkReportView.as_view(), name="link_report"
    ),
    path(
        "melden/<str:token>/<int:measure_pk>/unveraendert/",
        views.LinkUnchangedView.as_view(),
        name="link_unchanged",
    ),
    path(
        "melden/<str:token>/<int:measure_pk>/notiz/",
        views.LinkNoteView.as_view(),
        name="link_note",
    ),
]
