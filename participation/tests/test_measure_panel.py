"""Participation's panel on the measure page: the survey need a measure was made from.

The measure page knows nothing of the survey; participation fills its slot
(``measures.panels.measure_facts``) in ``ParticipationConfig.ready()``.
"""

import pytest
from django.urls import reverse

from measures.tests.conftest import XSS, assert_escaped
from measures.tests.factories import MeasureFactory
from measures.tests.test_detail import detail

from .factories import NeedFactory, SurveyRoundFactory


@pytest.mark.django_db
def test_the_coordination_sees_the_survey_need_a_measure_came_from(
    client, coordinator, actor_member, council, own_actor
):
    survey_round = SurveyRoundFactory(title="Bestandsaufnahme 2026", invited_actors=[own_actor])
    measure = MeasureFactory(lead_actor=own_actor)
    need = NeedFactory(
        what=XSS,
        response__survey_round=survey_round,
        response__actor=own_actor,
        measure=measure,
    )
    answer = reverse(
        "participation:survey_answer",
        args=[survey_round.pk, own_actor.pk, need.response.action_field_id],
    )
    client.force_login(coordinator)
    html = detail(client, measure)
    assert "Entstanden aus" in html and "Dringlichkeit hoch" in html
    assert "Bestandsaufnahme 2026" in html and f'href="{answer}"' in html
    assert_escaped(html)
    assert client.get(answer).status_code == 200  # the link leads to the answer
    # The survey's answers are the coordination's: actors and council see no origin.
    for user in (actor_member, council):
        client.force_login(user)
        html = detail(client, measure)
        assert "Entstanden aus" not in html and answer not in html


@pytest.mark.django_db
def test_detail_for_the_coordination_reads_the_source_need_with_the_measure(
    client, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    plain, from_need = MeasureFactory(), MeasureFactory()
    NeedFactory(measure=from_need)
    counts = []
    for measure in (plain, from_need):
        with django_assert_max_num_queries(50) as ctx:
            detail(client, measure)
        counts.append(len(ctx))
    assert counts[0] == counts[1]
