"""Sending the conference invitation again: to newcomers only, or to all on purpose."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from concept.models import Membership
from concept.tests.factories import ActorFactory, MembershipFactory
from participation.models import ConferenceInvitation
from participation.services import conference_send_invitation, invitation_counts
from participation.services.conference import InvitationCounts

from .factories import ConferenceFactory

NEWCOMERS_BUTTON = "Nur an neu hinzugekommene Empfänger senden"


def _invite(client, conference, **data):
    response = client.post(reverse("participation:conference_invite", args=[conference.pk]), data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _outbox():
    return sorted(m.to[0] for m in mail.outbox)


@pytest.fixture
def invited(coordinator, own_actor, actor_member):
    """A conference whose invitation reached the one member of ``own_actor``."""
    conference = ConferenceFactory()
    conference.invited_actors.set([own_actor])
    assert conference_send_invitation(conference=conference, user=coordinator) == 1
    mail.outbox.clear()
    return conference


def _newcomers(conference, own_actor, other_actor):
    """A new member, an invited actor with a member, a member who gave an address."""
    joined = MembershipFactory(actor=own_actor).user
    conference.invited_actors.add(other_actor)
    other = MembershipFactory(actor=other_actor).user
    no_address = MembershipFactory(actor=own_actor, user__email="").user
    no_address.email = "spaeter@example.org"
    no_address.save()
    return sorted([joined.email, other.email, no_address.email])


def test_newcomers_get_the_invitation_once_and_nobody_twice(
    client, coordinator, invited, own_actor, other_actor, actor_member
):
    newcomers = _newcomers(invited, own_actor, other_actor)
    client.force_login(coordinator)
    page = client.get(invited.get_absolute_url()).content.decode()
    assert f"{NEWCOMERS_BUTTON} (3)" in page
    assert "Erneut an alle senden (4)" in page

    message = _invite(client, invited, newcomers="1")
    assert _outbox() == newcomers  # the member invited before gets nothing
    assert message.startswith("Die Einladung geht an 3 neu hinzugekommene Personen")

    message = _invite(client, invited, newcomers="1")  # double click, reload
    assert len(mail.outbox) == 3
    assert "keine neu hinzugekommenen Empfänger" in message
    page = client.get(invited.get_absolute_url()).content.decode()
    assert NEWCOMERS_BUTTON not in page
    assert "Alle haben sie bereits erhalten." in page
    assert "Erneut an alle senden (4)" in page
    assert invited.invitations.count() == 4
    assert invited.history.first().history_change_reason == (
        "Einladung an neu hinzugekommene Empfänger verschickt"
    )


def test_again_to_all_reaches_everyone_and_records_each_sending(
    client, coordinator, invited, own_actor, other_actor, actor_member
):
    newcomers = _newcomers(invited, own_actor, other_actor)
    first = ConferenceInvitation.objects.get(recipient=actor_member).sent_at
    client.force_login(coordinator)
    invited.refresh_from_db()
    message = _invite(client, invited, again="1", sent_at=invited.invitation_sent_at.isoformat())
    assert _outbox() == sorted([actor_member.email, *newcomers])
    assert message == "Die Einladung geht noch einmal an alle: 4 Personen."
    again = ConferenceInvitation.objects.get(recipient=actor_member)
    assert again.sent_at > first
    assert [h.sent_at for h in again.history.all()] == [again.sent_at, first]
    assert again.history.first().history_user == coordinator
    assert invitation_counts(invited).newcomers == 0
    invited.refresh_from_db()
    assert invited.invitation_sent_at == again.sent_at


def test_again_from_a_page_shown_before_the_last_sending_is_refused(
    client, coordinator, invited, actor_member
):
    """A double click on „Erneut an alle senden“ posts the same form twice."""
    client.force_login(coordinator)
    invited.refresh_from_db()
    form = {"again": "1", "sent_at": invited.invitation_sent_at.isoformat()}
    _invite(client, invited, **form)
    assert len(mail.outbox) == 1
    message = _invite(client, invited, **form)
    assert len(mail.outbox) == 1
    assert "inzwischen am" in message


def test_a_second_plain_sending_is_still_refused(client, coordinator, invited, own_actor):
    MembershipFactory(actor=own_actor)
    client.force_login(coordinator)
    assert "bereits am" in _invite(client, invited)
    assert mail.outbox == []


def test_counts_before_the_first_sending_and_for_all_actors(
    client, coordinator, actor_member, other_member
):
    conference = ConferenceFactory()  # no actor named: all actors are invited
    MembershipFactory(actor=ActorFactory(), user__is_active=False)
    assert invitation_counts(conference) == InvitationCounts(total=2, newcomers=2)
    client.force_login(coordinator)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Einladung an alle Akteursmitglieder senden (2)" in page
    assert NEWCOMERS_BUTTON not in page and "Erneut an alle" not in page
    _invite(client, conference)
    assert invitation_counts(conference) == InvitationCounts(total=2, newcomers=0)
    assert conference.invitations.count() == 2


def test_only_the_coordinator_sends(client, invited, own_actor, actor_member, council):
    MembershipFactory(actor=own_actor)
    for user in (actor_member, council):
        with pytest.raises(PermissionDenied):
            conference_send_invitation(conference=invited, user=user, newcomers=True)
        client.force_login(user)
        url = reverse("participation:conference_invite", args=[invited.pk])
        assert client.post(url, {"newcomers": "1"}).status_code == 403
        assert client.post(url, {"again": "1"}).status_code == 403
        page = client.get(invited.get_absolute_url()).content.decode()
        assert NEWCOMERS_BUTTON not in page and "Erneut an alle" not in page
    assert mail.outbox == []
    assert invited.invitations.count() == 1


def test_conference_page_queries_do_not_grow_with_recipients(
    client, coordinator, invited, own_actor, django_assert_num_queries
):
    client.force_login(coordinator)
    url = invited.get_absolute_url()
    client.get(url)
    # session, user, groups, conference, results (none, so no measures and goals of them),
    # invited, attended, measures and goals for the result form, invited actors named?,
    # recipients counted (all and newcomers in one), documents with uploaders, document events
    with django_assert_num_queries(13):
        client.get(url)
    for _ in range(15):
        MembershipFactory(actor=own_actor)
    conference_send_invitation(conference=invited, user=coordinator, newcomers=True)
    for _ in range(10):
        MembershipFactory(actor=own_actor)
    with django_assert_num_queries(13):
        page = client.get(url).content.decode()
    assert f"{NEWCOMERS_BUTTON} (10)" in page and "Erneut an alle senden (26)" in page


def test_migration_counts_earlier_invitations_as_sent(coordinator, own_actor, actor_member):
    """Conferences invited to before the invitations were recorded: members on the day of
    the sending count as invited, who joined later is a newcomer."""
    conference = ConferenceFactory(invitation_sent_at=timezone.now())
    conference.invited_actors.set([own_actor])
    later = MembershipFactory(actor=own_actor)
    Membership.objects.filter(pk=later.pk).update(
        since=timezone.localdate() + datetime.timedelta(days=1)
    )
    migration = importlib.import_module("participation.migrations.0002_conference_invitation")
    migration.record_earlier_invitations(apps, None)
    (recorded,) = ConferenceInvitation.objects.all()
    assert recorded.recipient == actor_member
    assert recorded.sent_at == conference.invitation_sent_at
    assert recorded.history.get().history_change_reason == "aus dem früheren Versand übernommen"
    assert invitation_counts(conference) == InvitationCounts(total=2, newcomers=1)


@pytest.mark.django_db
def test_the_admin_shows_invitations_as_records_it_cannot_change(client, invited, actor_member):
    client.force_login(_superuser())
    invitation = ConferenceInvitation.objects.get(conference=invited, recipient=actor_member)
    listing = client.get(reverse("admin:participation_conferenceinvitation_changelist"))
    assert listing.status_code == 200
    assert str(actor_member) in listing.content.decode()
    conference = reverse("admin:participation_conference_change", args=[invited.pk])
    assert str(actor_member) in client.get(conference).content.decode()  # read-only inline
    change = reverse("admin:participation_conferenceinvitation_change", args=[invitation.pk])
    assert client.post(change, {"sent_at_0": "01.01.2020"}).status_code == 403
    delete = reverse("admin:participation_conferenceinvitation_delete", args=[invitation.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:participation_conferenceinvitation_add")).status_code == 403
    assert ConferenceInvitation.objects.filter(pk=invitation.pk).exists()


def _superuser():
    from concept.tests.factories import UserFactory

    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)
