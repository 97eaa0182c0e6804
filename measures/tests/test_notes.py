"""Partner notes: who may write them, the form on the measure page, deletion by the
coordination (the history keeps the note), and who reported how in the timeline."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from concept.tests.factories import ActorFactory, MembershipFactory
from measures.models import MeasureNote, ReportChannel
from measures.rules import is_partner_member

from .factories import MeasureFactory, MeasureNoteFactory, StatusUpdateFactory


@pytest.fixture
def partnered(own_actor, other_actor):
    """Led by the other actor, with the own actor as partner."""
    measure = MeasureFactory(lead_actor=other_actor, number="2.5")
    measure.partners.add(own_actor)
    return measure


@pytest.mark.django_db
def test_partner_member_and_coordinator_may_add_notes_others_not(
    partnered, coordinator, actor_member, other_member, council
):
    assert actor_member.has_perm("measures.add_note", partnered)
    assert coordinator.has_perm("measures.add_note", partnered)
    # the lead actor's members report status; a note is the partners' word
    assert not other_member.has_perm("measures.add_note", partnered)
    assert not council.has_perm("measures.add_note", partnered)
    assert not AnonymousUser().has_perm("measures.add_note", partnered)


@pytest.mark.django_db
def test_only_the_coordinator_deletes_notes(partnered, coordinator, actor_member, council):
    assert coordinator.has_perm("measures.delete_note", partnered)
    assert not actor_member.has_perm("measures.delete_note", partnered)
    assert not council.has_perm("measures.delete_note", partnered)


@pytest.mark.django_db
def test_partner_predicate_asks_no_query_per_row(
    django_assert_num_queries, own_actor, actor_member
):
    for n in range(5):
        MeasureFactory(number=f"3.{n + 1}").partners.add(own_actor, ActorFactory())
    from measures.models import Measure

    with django_assert_num_queries(3):  # measures, their partners, the user's actors
        rows = list(Measure.objects.prefetch_related("partners"))
        assert all(is_partner_member(actor_member, m) for m in rows)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, partnered):
    response = client.post(reverse("measures:note_add", args=[partnered.pk]), {"text": "x"})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "anmelden" in response["Location"]
    assert not MeasureNote.objects.exists()


@pytest.mark.django_db
def test_partner_member_adds_a_note_from_the_measure_page(client, partnered, actor_member):
    client.force_login(actor_member)
    page = client.get(partnered.get_absolute_url()).content.decode()
    assert reverse("measures:note_add", args=[partnered.pk]) in page
    assert "Notiz für <strong>Eigener Verein</strong>" in page  # one partner: nothing to choose
    response = client.post(
        reverse("measures:note_add", args=[partnered.pk]),
        {"actor": partnered.partners.get().pk, "text": "Wir stellen den Raum."},
    )
    assert response.status_code == 302
    note = MeasureNote.objects.get()
    assert (note.actor.name, note.author, note.text) == (
        "Eigener Verein",
        actor_member,
        "Wir stellen den Raum.",
    )
    page = client.get(partnered.get_absolute_url()).content.decode()
    assert "Wir stellen den Raum." in page
    assert "Notizen von Partnern (1)" in page


@pytest.mark.django_db
def test_member_of_two_partners_chooses_and_cannot_write_for_a_stranger(
    client, partnered, own_actor, actor_member
):
    second = ActorFactory(name="Zweiter Verein")
    stranger = ActorFactory(name="Fremder Verein")
    partnered.partners.add(second, stranger)
    MembershipFactory(actor=second, user=actor_member)
    client.force_login(actor_member)
    form = client.get(partnered.get_absolute_url()).context["note_form"]
    assert [label for _pk, label in form.fields["actor"].choices] == [
        "Eigener Verein",
        "Zweiter Verein",
    ]
    response = client.post(
        reverse("measures:note_add", args=[partnered.pk]),
        {"actor": stranger.pk, "text": "Untergeschoben."},
    )
    assert response.status_code == 400
    assert "Für diesen Akteur können Sie hier keine Notiz schreiben." in response.content.decode()
    assert not MeasureNote.objects.exists()


@pytest.mark.django_db
def test_empty_note_is_refused_in_german_and_the_typed_text_kept(client, partnered, coordinator):
    client.force_login(coordinator)
    url = reverse("measures:note_add", args=[partnered.pk])
    response = client.post(url, {"actor": partnered.partners.get().pk, "text": "   "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie eine Notiz." in response.content.decode()
    long_text = "Zu lang. " * 700
    response = client.post(url, {"actor": partnered.partners.get().pk, "text": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "höchstens 5000 Zeichen" in html
    assert long_text.strip() in html
    assert not MeasureNote.objects.exists()


@pytest.mark.django_db
def test_council_and_lead_member_see_no_note_form(client, partnered, council, other_member):
    for user in (council, other_member):
        client.force_login(user)
        response = client.get(partnered.get_absolute_url())
        assert response.context["note_form"] is None
        assert reverse("measures:note_add", args=[partnered.pk]) not in response.content.decode()


@pytest.mark.django_db
def test_coordinator_deletes_a_note_and_the_history_keeps_it(
    client, partnered, coordinator, actor_member
):
    note = MeasureNoteFactory(
        measure=partnered, actor=partnered.partners.get(), author=actor_member, text="Alt."
    )
    client.force_login(coordinator)
    url = reverse("measures:note_delete", args=[partnered.pk, note.pk])
    assert "Alt." in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not MeasureNote.objects.exists()
    rows = list(MeasureNote.history.filter(id=note.pk).order_by("history_date"))
    assert [r.history_type for r in rows] == ["+", "-"]
    assert (rows[-1].text, rows[-1].history_user, rows[-1].history_change_reason) == (
        "Alt.",
        coordinator,
        "Notiz gelöscht",
    )
    # the coordination still reads it on the measure page; the partner no longer sees it
    html = client.get(partnered.get_absolute_url()).content.decode()
    assert "Gelöschte Notizen (1)" in html and "„Alt.“" in html
    client.force_login(actor_member)
    html = client.get(partnered.get_absolute_url()).content.decode()
    assert "Alt." not in html and "Gelöschte Notizen" not in html


@pytest.mark.django_db
def test_added_note_has_a_history_row_with_its_author(client, partnered, actor_member):
    client.force_login(actor_member)
    client.post(
        reverse("measures:note_add", args=[partnered.pk]),
        {"actor": partnered.partners.get().pk, "text": "Neu."},
    )
    row = MeasureNote.history.get()
    assert (row.history_type, row.history_user, row.text) == ("+", actor_member, "Neu.")


@pytest.mark.django_db
def test_timeline_says_who_reported_how(client, partnered, council, coordinator, actor_member):
    note_user = MeasureNoteFactory(
        measure=partnered, actor=partnered.partners.get(), author=actor_member, text="Konto."
    )
    MeasureNoteFactory(
        measure=partnered,
        actor=partnered.partners.get(),
        reported_by="kontakt@verein.example",
        text="Per Link.",
    )
    StatusUpdateFactory(measure=partnered, author=actor_member, text="A")
    StatusUpdateFactory(
        measure=partnered, channel=ReportChannel.PERSONAL_LINK, reported_by="lead@example.org"
    )
    StatusUpdateFactory(
        measure=partnered,
        channel=ReportChannel.ON_BEHALF,
        reported_by="Frau Kaya",
        author=coordinator,
    )
    StatusUpdateFactory(measure=partnered, channel=ReportChannel.IMPORT)
    client.force_login(council)
    for name in ("measures:detail", "measures:updates", "measures:notes"):
        html = client.get(reverse(name, args=[partnered.pk])).content.decode()
        if name != "measures:notes":
            assert "lead@example.org über persönlichen Link" in html
            assert f"telefonisch gemeldet von Frau Kaya, erfasst von {coordinator}" in html
            assert "gemeldet: Import" in html
            assert f"gemeldet: {actor_member}" in html
        if name != "measures:updates":
            assert "Konto." in html and "Per Link." in html
            assert "kontakt@verein.example über persönlichen Link" in html
            assert f"von {note_user.author}" in html
            assert reverse("measures:note_delete", args=[partnered.pk, note_user.pk]) not in html


@pytest.mark.django_db
def test_notes_page_queries_do_not_grow_with_the_notes(
    client, partnered, council, django_assert_num_queries
):
    def count_queries():
        client.force_login(council)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("measures:notes", args=[partnered.pk])).status_code == 200
        return len(ctx)

    partner = partnered.partners.get()
    MeasureNoteFactory(measure=partnered, actor=partner, author=MembershipFactory().user)
    few = count_queries()
    for _n in range(8):
        MeasureNoteFactory(measure=partnered, actor=ActorFactory(), author=MembershipFactory().user)
    assert count_queries() == few
    # session, user, measure, count, the page's notes with actors and authors, permission (groups)
    with django_assert_num_queries(few):
        client.get(reverse("measures:notes", args=[partnered.pk]))


@pytest.mark.django_db
def test_detail_page_queries_do_not_grow_with_notes_and_reports(client, partnered, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get(partnered.get_absolute_url())
        return len(ctx)

    client.force_login(council)
    MeasureNoteFactory(measure=partnered, actor=partnered.partners.get())
    StatusUpdateFactory(measure=partnered, channel=ReportChannel.ON_BEHALF, reported_by="X")
    few = count_queries()
    for _n in range(6):
        MeasureNoteFactory(measure=partnered, actor=ActorFactory(), author=MembershipFactory().user)
        StatusUpdateFactory(measure=partnered, author=MembershipFactory().user)
    assert count_queries() == few
