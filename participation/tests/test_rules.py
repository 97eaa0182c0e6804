"""Each participation permission × role (a4-meinberlin style)."""

import pytest

from .factories import SurveyRoundFactory

PERMS = {
    # perm: (coordinator, actor, other_actor, council, anonymous)
    "participation.manage_surveys": (True, False, False, False, False),
    "participation.view_surveys": (True, True, True, False, False),
    "participation.view_all_answers": (True, False, False, False, False),
    "participation.create_measure_from_need": (True, False, False, False, False),
    "participation.view_conference": (True, True, True, True, False),
    "participation.manage_conferences": (True, False, False, False, False),
    "participation.use_calendar": (True, True, True, True, False),
    "participation.manage_publication": (True, False, False, False, False),
}


@pytest.fixture
def roles(coordinator, actor_member, other_member, council):
    from django.contrib.auth.models import AnonymousUser

    return (coordinator, actor_member, other_member, council, AnonymousUser())


@pytest.mark.parametrize(("perm", "expected"), PERMS.items())
def test_global_permissions_per_role(roles, perm, expected):
    assert tuple(user.has_perm(perm) for user in roles) == expected


def test_round_and_answer_permissions_per_role(roles, own_actor):
    survey_round = SurveyRoundFactory(invited_actors=[own_actor])
    assert tuple(u.has_perm("participation.view_surveyround", survey_round) for u in roles) == (
        True,
        True,
        False,
        False,
        False,
    )
    assert tuple(u.has_perm("participation.answer_survey", own_actor) for u in roles) == (
        True,
        True,
        False,
        False,
        False,
    )
