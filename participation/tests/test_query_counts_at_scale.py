"""At scale: counts that do not multiply rows, queries that do not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concept.models import ActionField
from concept.tests.factories import ActorFactory, GoalFactory, MembershipFactory
from measures.tests.factories import MeasureFactory
from participation.models import ResponseStatus, SurveyResponse, SurveyRound
from participation.services import conference_send_invitation

from .factories import (
    ConferenceFactory,
    ConferenceResultFactory,
    NeedFactory,
    OfferFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
)


def _round_with_answers(actors, fields, submitted_every=2):
    survey_round = SurveyRoundFactory(action_fields=fields, invited_actors=actors)
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey_round=survey_round,
            actor=actor,
            action_field=field,
            status=ResponseStatus.SUBMITTED if i % submitted_every == 0 else ResponseStatus.DRAFT,
        )
        for i, (actor, field) in enumerate((a, f) for a in actors for f in fields)
    )
    return survey_round


def test_round_list_counts_without_multiplying_the_relations(client, coordinator):
    """The three counts of the list come from subqueries: joining fields, actors and answers
    at once made 7 × 200 × 1,400 rows per round for COUNT(DISTINCT …) (0.9 s with three
    rounds on PostgreSQL)."""
    fields = list(ActionField.objects.all())
    actors = ActorFactory.create_batch(6)
    survey_round = _round_with_answers(actors, fields)
    empty = SurveyRoundFactory(action_fields=fields[:2], invited_actors=[])
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("participation:survey_list"))
    rounds = {r.pk: r for r in response.context["rounds"]}
    assert (
        rounds[survey_round.pk].field_count,
        rounds[survey_round.pk].actor_count,
        rounds[survey_round.pk].submitted_count,
    ) == (7, 6, 21)
    assert (rounds[empty.pk].field_count, rounds[empty.pk].actor_count) == (2, 0)
    assert rounds[empty.pk].submitted_count == 0
    (sql,) = [q["sql"] for q in queries if 'FROM "participation_surveyround"' in q["sql"]]
    assert "JOIN" not in sql
    assert "DISTINCT" not in sql
    assert "GROUP BY" not in sql


def test_round_list_counts_for_an_actor_member(client, actor_member, own_actor, other_actor):
    fields = list(ActionField.objects.all()[:3])
    survey_round = _round_with_answers([own_actor, other_actor], fields, submitted_every=1)
    SurveyRoundFactory(invited_actors=[other_actor])  # not for this member
    client.force_login(actor_member)
    response = client.get(reverse("participation:survey_list"))
    (only,) = response.context["rounds"]
    assert only == survey_round
    assert (only.field_count, only.actor_count, only.submitted_count) == (3, 2, 6)
    assert SurveyRound.objects.count() == 2


# --- conference page with many measures -------------------------------------------------------


@pytest.mark.parametrize("value", [None, [], ["2"], ["1", "3"]])
def test_fast_multiple_select_writes_djangos_markup(value):
    from django import forms
    from django.forms.renderers import Jinja2

    from participation.forms import FastSelectMultiple

    choices = [(1, "1.1 Sprache & <Bildung>"), (2, "„zwei“"), (3, 'drei "3"')]
    attrs = {"id": "id_measures", "class": "form-select", "size": 8}
    django_html = forms.SelectMultiple(choices=choices).render(
        "measures", value, attrs, renderer=Jinja2()
    )
    ours = FastSelectMultiple(choices=choices).render("measures", value, attrs)
    assert ours == django_html
    assert " multiple" in ours


def test_conference_page_keeps_the_chosen_measures_after_an_error(client, coordinator):
    measures = MeasureFactory.create_batch(3)
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_result_add", args=[conference.pk]),
        {"kind": "result", "text": "", "measures": [measures[0].pk, measures[2].pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{measures[0].pk}" selected>' in page
    assert f'<option value="{measures[1].pk}">' in page
    assert f'<option value="{measures[2].pk}" selected>' in page
    assert 'name="measures"' in page and "multiple" in page


def test_conference_page_renders_the_selects_without_widget_templates(
    client, coordinator, monkeypatch
):
    """The measure and goal selects are written in Python (FastSelect): Django's select
    template, which includes one template per option, took a second per visit of the
    conference page with 5,000 measures."""
    from django.forms import widgets

    MeasureFactory.create_batch(5)
    conference = ConferenceFactory()
    client.force_login(coordinator)
    templates = []
    original = widgets.Widget._render

    def spy(self, template_name, context, renderer=None):
        templates.append(template_name)
        return original(self, template_name, context, renderer)

    monkeypatch.setattr(widgets.Widget, "_render", spy)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert page.count("<option value=") >= 5
    # only the two-option select „Art“ goes through Django's template
    assert [t for t in templates if "select" in t] == ["django/forms/widgets/select.html"]


def test_conference_page_queries_do_not_grow(client, coordinator, django_assert_num_queries):
    conference = ConferenceFactory(invitation_sent_at=timezone.now())

    def add(n):
        actors = ActorFactory.create_batch(n)
        conference.invited_actors.add(*actors)
        conference.attended_actors.add(*actors)
        for actor in actors:  # recipients of the invitation, half of them sent it
            MembershipFactory.create_batch(2, actor=actor)
        conference_send_invitation(conference=conference, user=coordinator, again=True)
        for actor in actors:
            MembershipFactory(actor=actor)
        for _ in range(n):
            result = ConferenceResultFactory(conference=conference)
            result.measures.add(*MeasureFactory.create_batch(2))
            result.goals.add(GoalFactory())

    client.force_login(coordinator)
    add(2)
    client.get(conference.get_absolute_url())
    # session, user, groups, conference, results, their measures, their goals, invited,
    # attended, measures and goals for the result form, invited actors named?, recipients
    # of the invitation counted (all and newcomers in one query), documents with uploaders,
    # document events
    with django_assert_num_queries(15):
        client.get(conference.get_absolute_url())
    add(10)
    with django_assert_num_queries(15):
        page = client.get(conference.get_absolute_url()).content.decode()
    assert "Nur an neu hinzugekommene Empfänger senden (10)" in page
    assert "Erneut an alle senden (36)" in page


def test_answer_page_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, own_actor, actor_member
):
    survey_round = SurveyRoundFactory(invited_actors=[own_actor])
    answer = SurveyResponseFactory(
        survey_round=survey_round, actor=own_actor, status=ResponseStatus.DRAFT, submitted_at=None
    )
    client.force_login(actor_member)
    url = answer.get_absolute_url()

    def add(n):
        for _ in range(n):
            OfferFactory(response=answer)
            NeedFactory(response=answer)

    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(15)
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count('name="offers-') > 17 * 4


def test_minutes_queries_do_not_grow_with_results(client, django_assert_num_queries, actor_member):
    conference = ConferenceFactory()

    def add(n):
        for _ in range(n):
            result = ConferenceResultFactory(conference=conference)
            result.measures.add(MeasureFactory())
            result.goals.add(GoalFactory())
            conference.attended_actors.add(ActorFactory())

    client.force_login(actor_member)
    url = reverse("participation:conference_minutes", args=[conference.pk])
    add(2)
    client.get(url)
    # session, user, conference, results, their measures, their goals, attended actors
    with django_assert_num_queries(7):
        client.get(url)
    add(12)
    with django_assert_num_queries(7):
        assert client.get(url).content.decode().count("betrifft Ziel") == 14


def test_round_page_at_200_actors_and_7_fields_is_one_table_with_constant_queries(
    client, django_assert_num_queries, coordinator
):
    fields = list(ActionField.objects.all())
    actors = ActorFactory.create_batch(200)
    survey_round = _round_with_answers(actors, fields)
    client.force_login(coordinator)
    client.get(survey_round.get_absolute_url())
    # session, user, groups, round, fields, actors, answers
    with django_assert_num_queries(7):
        page = client.get(survey_round.get_absolute_url()).content.decode()
    assert page.count('<th scope="row">') == 201  # 200 actors and the sum row
    assert "700 von 200" not in page and "100 von 200" in page
