"""The integration conference: invitation to all actor members, results, minutes."""

from django.core import mail
from django.urls import reverse

from concept.tests.factories import GoalFactory, MembershipFactory
from measures.tests.factories import MeasureFactory
from participation.models import Conference
from participation.services import conference_result_add, conference_send_invitation

from .factories import ConferenceFactory, ConferenceResultFactory


def test_invitation_goes_to_active_members_of_invited_actors(
    own_actor, other_actor, actor_member, other_member, coordinator
):
    conference = ConferenceFactory(title="3. Integrationskonferenz")
    conference.invited_actors.set([own_actor])
    MembershipFactory(actor=own_actor, user__is_active=False)
    # the invitation is not a reminder: the opt-out does not apply
    opted_out = MembershipFactory(actor=own_actor, user__receives_reminders=False).user
    assert conference_send_invitation(conference=conference, user=coordinator) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actor_member.email, opted_out.email])
    message = mail.outbox[0]
    assert "Einladung: 3. Integrationskonferenz" in message.subject
    assert "Sitzungsraum 503" in message.body
    assert "2. Sachstand des Handlungskonzepts" in message.body
    assert f"/beteiligung/konferenzen/{conference.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"
    conference.refresh_from_db()
    assert conference.invitation_sent_at is not None


def test_without_invited_actors_all_actor_members_are_invited(
    client, actor_member, other_member, coordinator
):
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(reverse("participation:conference_invite", args=[conference.pk]))
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {actor_member.email, other_member.email}


def test_results_link_measures_and_goals_and_show_on_the_page(client, coordinator, actor_member):
    conference = ConferenceFactory()
    measure = MeasureFactory(title="Sprachcafé")
    goal = GoalFactory(title="Sprache fördern")
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_result_add", args=[conference.pk]),
        {
            "kind": "agreement",
            "text": "Runder Tisch Sprache",
            "measures": [measure.pk],
            "goals": [goal.pk],
        },
    )
    assert response.status_code == 302
    result = conference.results.get()
    assert list(result.measures.all()) == [measure]
    assert list(measure.conference_results.all()) == [result]
    client.force_login(actor_member)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Runder Tisch Sprache" in page and "Sprachcafé" in page and "Sprache fördern" in page
    assert "Einladung an alle" not in page  # no buttons the actor may not use
    assert "Hinzufügen" not in page


def test_minutes_are_plain_text_with_agenda_and_results(client, coordinator, actor_member):
    conference = ConferenceFactory(minutes="Die Koordinatorin berichtet.", participant_count=62)
    conference_result_add(
        conference=conference,
        user=coordinator,
        kind="result",
        text="Lenkungsgruppe gegründet",
        measures=[MeasureFactory(number="7.1", title="Netzwerktreffen")],
    )
    client.force_login(actor_member)
    response = client.get(reverse("participation:conference_minutes", args=[conference.pk]))
    text = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Teilnehmende: 62" in text
    assert "1. Begrüßung" in text
    assert "Die Koordinatorin berichtet." in text
    assert "Ergebnis: Lenkungsgruppe gegründet" in text
    assert "betrifft Maßnahme 7.1 Netzwerktreffen" in text


def test_conference_form_takes_german_dates_and_keeps_bad_input(client, coordinator):
    client.force_login(coordinator)
    url = reverse("participation:conference_create")
    data = {
        "title": "4. Integrationskonferenz",
        "starts_at": "15.06.2027 17:00",
        "ends_at": "15.06.2027 16:00",
        "place": "online",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert "4. Integrationskonferenz" in response.content.decode()
    data["ends_at"] = "15.06.2027 19:00"
    assert client.post(url, data).status_code == 302
    conference = Conference.objects.get()
    assert f"{conference.starts_at.astimezone():%H:%M}" in ("17:00", "15:00")


def test_conference_detail_escapes_html(client, actor_member):
    conference = ConferenceFactory(agenda="<b>fett</b>")
    ConferenceResultFactory(conference=conference, text="<script>x()</script>")
    client.force_login(actor_member)
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "<script>x()</script>" not in page and "&lt;b&gt;fett&lt;/b&gt;" in page


def test_conference_list_queries_do_not_grow(client, actor_member, django_assert_num_queries):
    ConferenceFactory.create_batch(5)
    client.force_login(actor_member)
    url = reverse("participation:conference_list")
    client.get(url)
    # session, user, groups, conferences with counts (no model-permission queries: non-staff)
    with django_assert_num_queries(4):
        client.get(url)
    ConferenceFactory.create_batch(45)
    with django_assert_num_queries(4):
        client.get(url)


def test_empty_result_is_refused_with_a_german_message(client, coordinator):
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_result_add", args=[conference.pk]),
        {"kind": "result", "text": ""},
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in response.content.decode()
    assert not conference.results.exists()
