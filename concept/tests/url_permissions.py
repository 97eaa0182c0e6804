"""Permission matrix entries of the concept app (see tests/permission_matrix.py)."""

from tests.permission_matrix import LOGIN, Route

READ_ALL = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 200,
    "council": 200,
}
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 403,
    "other_actor": 403,
    "council": 403,
}
# a successful POST redirects to the changed object
COORDINATOR_POST = {**COORDINATOR_ONLY, "coordinator": 302}
# POST-only views answer a GET of the coordinator with 405; everybody else is refused first
POST_ONLY_GET = {**COORDINATOR_ONLY, "coordinator": 405}
# the municipality's colours and coat of arms: on every page, the login page too
PUBLIC = dict.fromkeys(READ_ALL, 200)


def extend_world(world):
    from concept.models import ActionField, ActorAlias
    from concept.tests.factories import ActorFactory, GoalFactory, UserFactory

    world.goal = GoalFactory(title="Sprachförderung ausbauen")
    world.spare_field = ActionField.objects.create(number=9, name="Ersatzfeld", slug="ersatz")
    world.spare_actor = ActorFactory(name="Akteur ohne Maßnahmen")
    world.own_alias = ActorAlias.objects.create(actor=world.own_actor, alias="Eigene Leute")
    world.invitee = UserFactory(username="eingeladen@example.org", password=None)
    world.invitee.set_unusable_password()
    world.invitee.save()


def _actor_data(world):
    return {"name": "Neuer Verein", "kind": "association", "email": "neu@example.org"}


def _user_data(world):
    return {
        "first_name": "Nora",
        "last_name": "Neu",
        "email": "nora.neu@example.org",
        "role": "Akteur",
        "actors": [world.own_actor.pk],
    }


def _own(world):
    return {"pk": world.own_actor.pk}


def _other(world):
    return {"pk": world.other_actor.pk}


def _actor_user(world):
    return {"pk": world.users["actor"].pk}


ROUTES = [
    Route("concept:actor_list", READ_ALL),
    Route("concept:actor_list", READ_ALL, label="filtered", query="?kind=association&q=Verein"),
    Route("concept:actor_detail", READ_ALL, kwargs=_own),
    Route("concept:actor_create", COORDINATOR_ONLY),
    Route("concept:actor_create", COORDINATOR_POST, method="post", data=_actor_data),
    Route("concept:actor_update", COORDINATOR_ONLY, kwargs=_own, label="own"),
    Route("concept:actor_update", COORDINATOR_ONLY, kwargs=_other, label="other"),
    Route(
        "concept:actor_update",
        COORDINATOR_POST,
        kwargs=_own,
        label="own",
        method="post",
        data=lambda w: {"name": "Eigener Akteur e. V.", "kind": "association"},
    ),
    Route("concept:actor_delete", COORDINATOR_ONLY, kwargs=lambda w: {"pk": w.spare_actor.pk}),
    Route(
        "concept:actor_delete",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.spare_actor.pk},
        method="post",
    ),
    Route("concept:member_add", POST_ONLY_GET, kwargs=_own),
    Route(
        "concept:member_add",
        COORDINATOR_POST,
        kwargs=_own,
        label="own",
        method="post",
        data=lambda w: {"member": w.users["council"].pk},
    ),
    Route(
        "concept:member_add",
        COORDINATOR_POST,
        kwargs=_other,
        label="other",
        method="post",
        data=lambda w: {"member": w.users["actor"].pk},
    ),
    Route(
        "concept:member_remove",
        POST_ONLY_GET,
        kwargs=lambda w: {"pk": w.own_actor.pk, "user_pk": w.users["actor"].pk},
    ),
    Route(
        "concept:member_remove",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.own_actor.pk, "user_pk": w.users["actor"].pk},
        method="post",
    ),
    Route("concept:actor_alias_add", POST_ONLY_GET, kwargs=_own),
    Route(
        "concept:actor_alias_add",
        COORDINATOR_POST,
        kwargs=_own,
        method="post",
        data=lambda w: {"alias": "Eigener Akteur (anderer Name)"},
    ),
    Route(
        "concept:actor_alias_delete",
        POST_ONLY_GET,
        kwargs=lambda w: {"pk": w.own_actor.pk, "alias_pk": w.own_alias.pk},
    ),
    Route(
        "concept:actor_alias_delete",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.own_actor.pk, "alias_pk": w.own_alias.pk},
        method="post",
    ),
    Route("concept:goal_list", READ_ALL),
    Route("concept:goal_create", COORDINATOR_ONLY, query="?action_field=1"),
    Route(
        "concept:goal_create",
        COORDINATOR_POST,
        method="post",
        data=lambda w: {"action_field": 1, "title": "Neues Ziel", "order": 0},
    ),
    Route("concept:goal_update", COORDINATOR_ONLY, kwargs=lambda w: {"pk": w.goal.pk}),
    Route(
        "concept:goal_update",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.goal.pk},
        method="post",
        data=lambda w: {"action_field": 1, "title": "Geändertes Ziel", "order": 1},
    ),
    Route("concept:goal_delete", COORDINATOR_ONLY, kwargs=lambda w: {"pk": w.goal.pk}),
    Route(
        "concept:goal_delete", COORDINATOR_POST, kwargs=lambda w: {"pk": w.goal.pk}, method="post"
    ),
    Route("concept:user_list", COORDINATOR_ONLY),
    Route("concept:user_list", COORDINATOR_ONLY, label="all", query="?status=alle"),
    Route("concept:user_invite", COORDINATOR_ONLY),
    Route("concept:user_invite", COORDINATOR_POST, method="post", data=_user_data),
    Route("concept:user_detail", COORDINATOR_ONLY, kwargs=_actor_user),
    Route(
        "concept:user_detail",
        COORDINATOR_POST,
        kwargs=_actor_user,
        method="post",
        data=lambda w: {**_user_data(w), "email": "akteur@example.org"},
    ),
    Route("concept:user_deactivate", POST_ONLY_GET, kwargs=_actor_user),
    Route("concept:user_deactivate", COORDINATOR_POST, kwargs=_actor_user, method="post"),
    Route(
        "concept:user_deactivate",
        {**COORDINATOR_ONLY, "coordinator": 403},
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
        label="self",
        method="post",
    ),
    Route("concept:user_reactivate", POST_ONLY_GET, kwargs=_actor_user),
    Route("concept:user_reactivate", COORDINATOR_POST, kwargs=_actor_user, method="post"),
    Route("concept:user_resend_invitation", POST_ONLY_GET, kwargs=lambda w: {"pk": w.invitee.pk}),
    Route(
        "concept:user_resend_invitation",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.invitee.pk},
        method="post",
    ),
    Route("concept:user_unlock", POST_ONLY_GET, kwargs=_actor_user),
    Route("concept:user_unlock", COORDINATOR_POST, kwargs=_actor_user, method="post"),
    Route("concept:user_export", COORDINATOR_ONLY, kwargs=_actor_user),
    Route("concept:user_erase", COORDINATOR_ONLY, kwargs=_actor_user),
    Route(
        "concept:user_erase",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.invitee.pk},
        method="post",
        data=lambda w: {"confirm": w.invitee.username},
    ),
    Route(
        "concept:user_erase",
        {**COORDINATOR_ONLY, "coordinator": 403},
        kwargs=lambda w: {"pk": w.users["coordinator"].pk},
        label="self",
    ),
    Route("concept:privacy_address", COORDINATOR_ONLY),
    Route(
        "concept:privacy_address",
        COORDINATOR_ONLY,
        label="search",
        query="?email=extern%40example.org",
    ),
    Route(
        "concept:privacy_address",
        COORDINATOR_POST,
        method="post",
        data=lambda w: {"email": "extern@example.org", "confirm": "extern@example.org"},
    ),
    Route("concept:account", READ_ALL),
    Route(
        "concept:account",
        {**READ_ALL, "coordinator": 302, "actor": 302, "other_actor": 302, "council": 302},
        method="post",
        # a new address needs the current password (the factories' password)
        data=lambda w: {
            "first_name": "A",
            "last_name": "B",
            "email": "ich-neu@example.org",
            "current_password": "pw-for-tests-123",
        },
    ),
    Route("concept:municipality_profile", COORDINATOR_ONLY),
    Route(
        "concept:municipality_profile",
        {**COORDINATOR_ONLY, "coordinator": 302},
        method="post",
        data=lambda w: {"name": "Gemeinde Matrixdorf", "primary_color": "#123456"},
    ),
    Route("concept:branding_css", PUBLIC, kwargs=lambda w: {"version": "abc"}),
    # without an uploaded coat of arms there is nothing to show
    Route("concept:coat_of_arms", dict.fromkeys(READ_ALL, 404), kwargs=lambda w: {"version": "a"}),
    Route("concept:action_field_list", COORDINATOR_ONLY),
    Route("concept:action_field_create", COORDINATOR_ONLY),
    Route(
        "concept:action_field_create",
        COORDINATOR_POST,
        method="post",
        data=lambda w: {"number": 10, "name": "Neues Feld", "order": 10},
    ),
    Route(
        "concept:action_field_update", COORDINATOR_ONLY, kwargs=lambda w: {"pk": w.spare_field.pk}
    ),
    Route(
        "concept:action_field_update",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.spare_field.pk},
        method="post",
        data=lambda w: {"number": 9, "name": "Umbenanntes Feld", "order": 3},
    ),
    Route(
        "concept:action_field_activate", POST_ONLY_GET, kwargs=lambda w: {"pk": w.spare_field.pk}
    ),
    Route(
        "concept:action_field_activate",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.spare_field.pk},
        method="post",
        data=lambda w: {"active": "0"},
    ),
    Route("concept:action_field_delete", POST_ONLY_GET, kwargs=lambda w: {"pk": w.spare_field.pk}),
    Route(
        "concept:action_field_delete",
        COORDINATOR_POST,
        kwargs=lambda w: {"pk": w.spare_field.pk},
        method="post",
    ),
]
