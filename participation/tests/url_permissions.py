"""Permission matrix entries of participation (see tests/permission_matrix.py).

The world gets: a round that invites ``own_actor`` (not ``other_actor``) with a submitted
answer holding a need, a conference with one result, a calendar token for the actor, and a
published transparency page.
"""

import datetime

from tests.permission_matrix import LOGIN, Route

COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 403,
    "other_actor": 403,
    "council": 403,
}
READ_ALL = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 200,
    "council": 200,
}
# The round is visible to the coordinator and members of invited actors; others get 404.
ROUND_OWN = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 404,
    "council": 404,
}
ROUND_COORDINATOR = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 403,
    "other_actor": 404,
    "council": 404,
}
POST_COORDINATOR = {**COORDINATOR_ONLY, "coordinator": 302}
POST_ANY_USER = {
    "anonymous": LOGIN,
    "coordinator": 302,
    "actor": 302,
    "other_actor": 302,
    "council": 302,
}
PUBLIC = {"anonymous": 200, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}


def extend_world(world):
    from concept.tests.factories import action_field
    from measures.tests.factories import pdf_upload
    from participation import services
    from participation.models import PublicationSettings
    from participation.services import calendar_token_renew

    from .factories import (
        ConferenceFactory,
        ConferenceResultFactory,
        NeedFactory,
        SurveyResponseFactory,
        SurveyRoundFactory,
    )

    world.field = action_field(1)
    world.survey_round = SurveyRoundFactory(
        action_fields=[world.field], invited_actors=[world.own_actor]
    )
    world.response = SurveyResponseFactory(
        survey_round=world.survey_round, actor=world.own_actor, action_field=world.field
    )
    world.need = NeedFactory(response=world.response)
    world.conference = ConferenceFactory()
    world.result = ConferenceResultFactory(conference=world.conference)
    world.conference_document = services.conference_document_add(
        conference=world.conference, user=world.users["coordinator"], upload=pdf_upload()
    )
    world.calendar_token = calendar_token_renew(user=world.users["actor"])
    PublicationSettings.objects.create(pk=1, is_published=True, intro="Willkommen")
    world.reporting_round = services.round_open(
        title="Sachstand zum Test",
        as_of=datetime.date(2026, 3, 31),
        due_on=datetime.date(2026, 4, 21),
        statuses=[world.own_measure.status],
        by=world.users["coordinator"],
    )
    _personal_links(world)


def _personal_links(world):
    """A round asking ``own_actor`` about ``own_measure``, a working link and an expired one."""
    import datetime

    from django.utils import timezone

    from participation.models import ReportingLink

    from .link_helpers import issue, open_round

    reporting_round = open_round(world.own_measure)
    _, world.link_token = issue(reporting_round, world.own_actor)
    expired, world.expired_link_token = issue(reporting_round, world.own_actor)
    ReportingLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def _round(w):
    return {"pk": w.survey_round.pk}


def _answer(w):
    return {"pk": w.survey_round.pk, "actor_pk": w.own_actor.pk, "field_pk": w.field.pk}


def _field(w):
    return {"pk": w.survey_round.pk, "field_pk": w.field.pk}


ANSWER_POST = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 404,
    "council": 404,
}


def _conference(world):
    return {"pk": world.conference.pk}


def _conference_document(world):
    return {"pk": world.conference.pk, "document_pk": world.conference_document.pk}


def _upload(world):
    from measures.tests.factories import pdf_upload

    return {"file": pdf_upload("Präsentation.pdf"), "description": "Folien"}


# Pages behind a personal link: the token is the key, a login changes nothing (token pages).
ANYONE_404 = dict.fromkeys(PUBLIC, 404)
ANYONE_302 = dict.fromkeys(PUBLIC, 302)


def _link(w):
    return {"token": w.link_token}


def _link_measure(measure_of):
    return lambda w: {"token": w.link_token, "measure_pk": measure_of(w).pk}


def _reporting_round(world):
    return {"pk": world.reporting_round.pk}


def _reporting_round_actor(world):
    return {"pk": world.reporting_round.pk, "actor_pk": world.own_actor.pk}


def _new_round(world):
    return {
        "title": "Sachstand zum 30.06.2026",
        "as_of": "30.06.2026",
        "due_on": "21.07.2026",
        "statuses": [world.own_measure.status],
    }


ROUTES = [
    Route(
        "participation:survey_list",
        {"anonymous": LOGIN, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 403},
    ),
    Route("participation:survey_create", COORDINATOR_ONLY),
    Route(
        "participation:survey_create",
        {**COORDINATOR_ONLY, "coordinator": 200},
        method="post",
        data=lambda w: {"title": ""},
        label="invalid",
    ),
    Route("participation:survey_detail", ROUND_OWN, kwargs=_round),
    Route("participation:survey_update", COORDINATOR_ONLY, kwargs=_round),
    Route("participation:survey_field", ROUND_COORDINATOR, kwargs=_field),
    Route("participation:survey_export", ROUND_COORDINATOR, kwargs=_round),
    Route("participation:survey_answer", ROUND_OWN, kwargs=_answer),
    # The world's answer is submitted: a POST re-renders the page with an error message.
    Route(
        "participation:survey_answer",
        ANSWER_POST,
        kwargs=_answer,
        method="post",
        data=lambda w: {
            "offers-TOTAL_FORMS": "0",
            "offers-INITIAL_FORMS": "0",
            "needs-TOTAL_FORMS": "0",
            "needs-INITIAL_FORMS": "0",
            "draft": "1",
        },
    ),
    Route(
        "participation:need_to_measure",
        POST_COORDINATOR,
        kwargs=lambda w: {"pk": w.need.pk},
        method="post",
    ),
    Route("participation:conference_list", READ_ALL),
    Route("participation:conference_create", COORDINATOR_ONLY),
    Route("participation:conference_detail", READ_ALL, kwargs=lambda w: {"pk": w.conference.pk}),
    Route(
        "participation:conference_update",
        COORDINATOR_ONLY,
        kwargs=lambda w: {"pk": w.conference.pk},
    ),
    Route(
        "participation:conference_invite",
        POST_COORDINATOR,
        kwargs=lambda w: {"pk": w.conference.pk},
        method="post",
    ),
    Route(
        "participation:conference_result_add",
        POST_COORDINATOR,
        kwargs=lambda w: {"pk": w.conference.pk},
        method="post",
        data=lambda w: {"kind": "result", "text": "Neue Vereinbarung"},
    ),
    Route(
        "participation:conference_result_delete",
        POST_COORDINATOR,
        kwargs=lambda w: {"pk": w.result.pk},
        method="post",
    ),
    Route("participation:conference_minutes", READ_ALL, kwargs=lambda w: {"pk": w.conference.pk}),
    Route("participation:conference_document_add", COORDINATOR_ONLY, kwargs=_conference),
    Route(
        "participation:conference_document_add",
        POST_COORDINATOR,
        kwargs=_conference,
        method="post",
        data=_upload,
    ),
    Route("participation:conference_document", READ_ALL, kwargs=_conference_document),
    Route(
        "participation:conference_document_delete", COORDINATOR_ONLY, kwargs=_conference_document
    ),
    Route(
        "participation:conference_document_delete",
        POST_COORDINATOR,
        kwargs=_conference_document,
        method="post",
    ),
    Route(
        "participation:conference_document_public",
        {**COORDINATOR_ONLY, "coordinator": 405},
        kwargs=_conference_document,
    ),
    Route(
        "participation:conference_document_public",
        POST_COORDINATOR,
        kwargs=_conference_document,
        method="post",
        data=lambda w: {"public": "1"},
    ),
    Route("participation:calendar", READ_ALL),
    Route("participation:calendar_token", POST_ANY_USER, method="post"),
    Route("participation:calendar_revoke", POST_ANY_USER, method="post"),
    Route("participation:calendar_feed", PUBLIC, kwargs=lambda w: {"token": w.calendar_token}),
    Route(
        "participation:calendar_feed",
        dict.fromkeys(PUBLIC, 404),
        kwargs=lambda w: {"token": "falsch-geraten"},
        label="unknown token",
    ),
    Route(
        "participation:reminder_settings",
        POST_ANY_USER,
        method="post",
        data=lambda w: {"receives_reminders": "on"},
    ),
    Route("participation:digest", COORDINATOR_ONLY),
    Route("participation:publication", COORDINATOR_ONLY),
    Route(
        "participation:publication",
        POST_COORDINATOR,
        method="post",
        data=lambda w: {"is_published": "on", "intro": "Hallo"},
    ),
    Route("participation:link_home", PUBLIC, kwargs=_link),
    Route(
        "participation:link_home",
        ANYONE_404,
        kwargs=lambda w: {"token": "falsch-geraten"},
        label="unknown token",
    ),
    Route(
        "participation:link_home",
        dict.fromkeys(PUBLIC, 410),
        kwargs=lambda w: {"token": w.expired_link_token},
        label="expired",
    ),
    Route("participation:link_report", PUBLIC, kwargs=_link_measure(lambda w: w.own_measure)),
    Route(
        "participation:link_report",
        PUBLIC,
        kwargs=_link_measure(lambda w: w.own_measure),
        method="post",
        data=lambda w: {"progress": "150"},
        label="invalid",
    ),
    Route(
        "participation:link_report",
        ANYONE_404,
        kwargs=_link_measure(lambda w: w.other_measure),
        label="other actor's measure",
    ),
    Route(
        "participation:link_report",
        ANYONE_404,
        kwargs=_link_measure(lambda w: w.other_measure),
        method="post",
        data=lambda w: {"status": "completed", "progress": "100"},
        label="other actor's measure",
    ),
    Route(
        "participation:link_unchanged",
        ANYONE_302,
        kwargs=_link_measure(lambda w: w.own_measure),
        method="post",
    ),
    Route(
        "participation:link_unchanged",
        ANYONE_404,
        kwargs=_link_measure(lambda w: w.other_measure),
        method="post",
        label="other actor's measure",
    ),
    Route(
        "participation:link_note",
        ANYONE_404,
        kwargs=_link_measure(lambda w: w.other_measure),
        method="post",
        data=lambda w: {"text": "Hallo"},
        label="not a partner",
    ),
    Route(
        "participation:link_request",
        PUBLIC,
        kwargs=lambda w: {"token": w.expired_link_token},
        method="post",
    ),
    Route(
        "participation:link_request",
        ANYONE_404,
        kwargs=lambda w: {"token": "falsch-geraten"},
        method="post",
        label="unknown token",
    ),
    Route("participation:round_list", COORDINATOR_ONLY),
    Route("participation:round_create", COORDINATOR_ONLY),
    Route("participation:round_create", POST_COORDINATOR, method="post", data=_new_round),
    Route(
        "participation:round_create",
        COORDINATOR_ONLY,
        method="post",
        data=lambda w: {"title": ""},
        label="invalid",
    ),
    Route(
        "participation:round_create",
        COORDINATOR_ONLY,
        method="post",
        data=lambda w: {**_new_round(w), "preview": "1"},
        label="preview",
    ),
    Route("participation:round_detail", COORDINATOR_ONLY, kwargs=_reporting_round),
    Route("participation:round_update", COORDINATOR_ONLY, kwargs=_reporting_round),
    Route(
        "participation:round_update",
        POST_COORDINATOR,
        kwargs=_reporting_round,
        method="post",
        data=lambda w: {"title": "Sachstand", "due_on": "28.04.2026", "message": ""},
    ),
    Route("participation:round_close", COORDINATOR_ONLY, kwargs=_reporting_round),
    Route("participation:round_close", POST_COORDINATOR, kwargs=_reporting_round, method="post"),
    Route(
        "participation:round_send_link",
        POST_COORDINATOR,
        kwargs=_reporting_round_actor,
        method="post",
    ),
    Route(
        "participation:round_revoke_links",
        POST_COORDINATOR,
        kwargs=_reporting_round_actor,
        method="post",
    ),
]
