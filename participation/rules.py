"""Who may do what in participation (package ``rules``).

Survey answers belong to an actor: its members answer them, the coordinator reads all.
Conferences are read by everyone logged in and kept by the coordinator.
"""

import rules

from concept.rules import is_actor_member, is_coordinator, is_member_of_actor, is_reader

from .models import SurveyRound


@rules.predicate
def can_view_round(user, survey_round):
    """``SurveyRound.objects.visible_to(user)`` is the definition (the coordinator sees every
    round, an actor member those its actors are invited to); one query."""
    if survey_round is None:
        return is_coordinator(user)
    return SurveyRound.objects.visible_to(user).filter(pk=survey_round.pk).exists()


@rules.predicate
def answers_for_actor(user, actor):
    """``actor`` is one of ``user``'s actors (the answers are theirs)."""
    return is_member_of_actor(user, actor)


rules.add_perm("participation.manage_surveys", is_coordinator)
rules.add_perm("participation.view_surveyround", can_view_round)
rules.add_perm("participation.answer_survey", is_coordinator | answers_for_actor)
rules.add_perm("participation.view_all_answers", is_coordinator)
rules.add_perm("participation.create_measure_from_need", is_coordinator)

rules.add_perm("participation.view_conference", is_reader)
rules.add_perm("participation.manage_conferences", is_coordinator)

rules.add_perm("participation.use_calendar", is_reader)
rules.add_perm("participation.manage_publication", is_coordinator)
rules.add_perm("participation.view_digest", is_coordinator)

rules.add_perm("participation.view_surveys", is_coordinator | is_actor_member)

# Reporting rounds: the progress page lists the actors' phone numbers and addresses.
rules.add_perm("participation.manage_rounds", is_coordinator)
rules.add_perm("participation.view_round", is_coordinator)
