from django.urls import path

from .views import account, action_fields, actors, branding, goals, privacy, users

app_name = "concept"
urlpatterns = [
    path("akteure/", actors.ActorListView.as_view(), name="actor_list"),
    path("akteure/neu/", actors.ActorCreateView.as_view(), name="actor_create"),
    path("akteure/<int:pk>/", actors.ActorDetailView.as_view(), name="actor_detail"),
    path("akteure/<int:pk>/bearbeiten/", actors.ActorUpdateView.as_view(), name="actor_update"),
    path("akteure/<int:pk>/loeschen/", actors.ActorDeleteView.as_view(), name="actor_delete"),
    path("akteure/<int:pk>/mitglieder/", actors.MemberAddView.as_view(), name="member_add"),
    path(
        "akteure/<int:pk>/mitglieder/<int:user_pk>/entfernen/",
        actors.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    path("akteure/<int:pk>/namen/", actors.ActorAliasAddView.as_view(), name="actor_alias_add"),
    path(
        "akteure/<int:pk>/namen/<int:alias_pk>/entfernen/",
        actors.ActorAliasDeleteView.as_view(),
        name="actor_alias_delete",
    ),
    path("ziele/", goals.GoalListView.as_view(), name="goal_list"),
    path("ziele/neu/", goals.GoalCreateView.as_view(), name="goal_create"),
    path("ziele/<int:pk>/bearbeiten/", goals.GoalUpdateView.as_view(), name="goal_update"),
    path("ziele/<int:pk>/loeschen/", goals.GoalDeleteView.as_view(), name="goal_delete"),
    path("benutzer/", users.UserListView.as_view(), name="user_list"),
    path("benutzer/einladen/", users.UserInviteView.as_view(), name="user_invite"),
    path("benutzer/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path(
        "benutzer/<int:pk>/deaktivieren/",
        users.UserDeactivateView.as_view(),
        name="user_deactivate",
    ),
    path(
        "benutzer/<int:pk>/aktivieren/", users.UserReactivateView.as_view(), name="user_reactivate"
    ),
    path(
        "benutzer/<int:pk>/einladung/",
        users.UserResendInvitationView.as_view(),
        name="user_resend_invitation",
    ),
    path("benutzer/<int:pk>/entsperren/", users.UserUnlockView.as_view(), name="user_unlock"),
    path("benutzer/<int:pk>/auskunft/", privacy.UserExportView.as_view(), name="user_export"),
    path("benutzer/<int:pk>/loeschen/", privacy.UserEraseView.as_view(), name="user_erase"),
    path("datenschutz/", privacy.AddressView.as_view(), name="privacy_address"),
    path("mein-konto/", account.AccountView.as_view(), name="account"),
    path("gemeinde/", branding.MunicipalityProfileView.as_view(), name="municipality_profile"),
    path("gemeinde/wappen-<str:version>/", branding.CoatOfArmsView.as_view(), name="coat_of_arms"),
    path(
        "gemeinde/farben-<str:version>.css", branding.BrandingCssView.as_view(), name="branding_css"
    ),
    path("handlungsfelder/", action_fields.ActionFieldListView.as_view(), name="action_field_list"),
    path(
        "handlungsfelder/neu/",
        action_fields.ActionFieldCreateView.as_view(),
        name="action_field_create",
    ),
    path(
        "handlungsfelder/<int:pk>/bearbeiten/",
        action_fields.ActionFieldUpdateView.as_view(),
        name="action_field_update",
    ),
    path(
        "handlungsfelder/<int:pk>/aktiv/",
        action_fields.ActionFieldActivateView.as_view(),
        name="action_field_activate",
    ),
    path(
        "handlungsfelder/<int:pk>/loeschen/",
        action_fields.ActionFieldDeleteView.as_view(),
        name="action_field_delete",
    ),
]
