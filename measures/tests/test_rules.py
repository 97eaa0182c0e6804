"""Who may do what with measures: every permission × role, and the list method agrees."""

import datetime

import pytest

from concept.tests.factories import MembershipFactory
from measures.models import Measure, MeasureStatus

from .factories import MeasureFactory

PERMS_COORDINATOR_ONLY = [
    "measures.add_measure",
    "measures.change_measure",
    "measures.delete_measure",
    "measures.import_measures",
]


@pytest.fixture
def own_measure(own_actor):
    return MeasureFactory(lead_actor=own_actor)


@pytest.fixture
def other_measure(other_actor):
    return MeasureFactory(lead_actor=other_actor)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", PERMS_COORDINATOR_ONLY)
def test_only_the_coordinator_creates_changes_deletes_and_imports(
    perm, coordinator, actor_member, other_member, council, own_measure
):
    assert coordinator.has_perm(perm, own_measure)
    for user in (actor_member, other_member, council):
        assert not user.has_perm(perm, own_measure), user


@pytest.mark.django_db
def test_everyone_logged_in_reads_measures(coordinator, actor_member, council, own_measure):
    from django.contrib.auth.models import AnonymousUser

    for user in (coordinator, actor_member, council):
        assert user.has_perm("measures.view_measure", own_measure)
    assert not AnonymousUser().has_perm("measures.view_measure", own_measure)


@pytest.mark.django_db
def test_lead_member_and_coordinator_report_status_others_do_not(
    coordinator, actor_member, other_member, council, own_measure, other_measure
):
    perm = "measures.report_status"
    assert coordinator.has_perm(perm, own_measure)
    assert coordinator.has_perm(perm, other_measure)
    assert actor_member.has_perm(perm, own_measure)
    assert not actor_member.has_perm(perm, other_measure)
    assert not other_member.has_perm(perm, own_measure)
    assert other_member.has_perm(perm, other_measure)
    assert not council.has_perm(perm, own_measure)


@pytest.mark.django_db
def test_partner_membership_does_not_allow_reporting(actor_member, own_actor, other_actor):
    measure = MeasureFactory(lead_actor=other_actor)
    measure.partners.add(own_actor)
    assert not actor_member.has_perm("measures.report_status", measure)


@pytest.mark.django_db
def test_reportable_by_agrees_with_the_rule_for_every_user_and_measure(
    coordinator, actor_member, other_member, council, own_actor, other_actor
):
    two_actors = MembershipFactory(actor=own_actor, user__username="zwei").user
    MembershipFactory(actor=other_actor, user=two_actors)
    measures = [
        MeasureFactory(lead_actor=own_actor),
        MeasureFactory(lead_actor=own_actor),
        MeasureFactory(lead_actor=other_actor),
        MeasureFactory(lead_actor=None),
    ]
    measures[2].partners.add(own_actor)
    for user in (coordinator, actor_member, other_member, council, two_actors):
        listed = set(Measure.objects.reportable_by(user).values_list("pk", flat=True))
        allowed = {m.pk for m in measures if user.has_perm("measures.report_status", m)}
        assert listed == allowed, user.username


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "on_track"),
    [
        ({"status": MeasureStatus.PLANNED}, True),
        ({"status": MeasureStatus.IN_PROGRESS}, True),
        ({"status": MeasureStatus.DELAYED}, True),
        ({"status": MeasureStatus.IN_PROGRESS, "deadline": None}, True),
        ({"status": MeasureStatus.COMPLETED}, False),
        ({"status": MeasureStatus.CANCELLED}, False),
        ({"status": MeasureStatus.IN_PROGRESS, "deadline": datetime.date(2020, 1, 1)}, False),
    ],
)
def test_unchanged_is_confirmed_only_on_open_measures_in_time_by_those_who_report(
    coordinator, actor_member, other_member, council, own_actor, values, on_track
):
    values.setdefault("deadline", datetime.date(2099, 12, 31))
    measure = MeasureFactory(lead_actor=own_actor, start_date=None, **values)
    perm = "measures.confirm_unchanged"
    for user in (coordinator, actor_member):
        assert user.has_perm(perm, measure) is on_track, user
        assert user.has_perm("measures.report_status", measure)  # a Sachstand always works
    for user in (other_member, council):
        assert not user.has_perm(perm, measure), user
