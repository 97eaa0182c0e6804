"""Actor pages: list, detail, create/edit/delete, members."""

import pytest
from django.urls import reverse

from concept.models import Actor, ActorKind, Membership
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from measures.models import MeasureStatus
from measures.tests.factories import MeasureFactory

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"

pytestmark = pytest.mark.django_db


def _actors_with_measures(n):
    for i in range(n):
        actor = ActorFactory(name=f"Akteur {i:03}")
        MembershipFactory(actor=actor)
        measure = MeasureFactory(lead_actor=actor)
        measure.partners.add(ActorFactory(name=f"Partner {i:03}"))


@pytest.mark.parametrize("n", [5, 50])
def test_actor_list_needs_the_same_queries_for_5_and_50_actors(
    client, council, django_assert_num_queries, n
):
    _actors_with_measures(n)
    client.force_login(council)
    # session, user, paginator count, the user's groups (rules), the user's memberships
    # (nav), actors with their 3 counts; no model permissions for non-staff users
    with django_assert_num_queries(6):
        response = client.get(reverse("concept:actor_list"))
    assert response.status_code == 200


def test_actor_list_counts_measures_led_and_partnered(client, council):
    lead, partner = ActorFactory(name="Leitet"), ActorFactory(name="Hilft")
    for _ in range(3):
        MeasureFactory(lead_actor=lead).partners.add(partner)
    MeasureFactory(lead_actor=partner)
    client.force_login(council)
    actors = {a.name: a for a in client.get(reverse("concept:actor_list")).context["actors"]}
    assert (actors["Leitet"].led_count, actors["Leitet"].partner_count) == (3, 0)
    assert (actors["Hilft"].led_count, actors["Hilft"].partner_count) == (1, 3)


def test_actor_list_filters_by_kind_and_search_text(client, council):
    ActorFactory(name="Grundschule Mitte", kind=ActorKind.SCHOOL)
    ActorFactory(name="Sportverein Rethen", kind=ActorKind.ASSOCIATION)
    ActorFactory(name="Schulverein", kind=ActorKind.ASSOCIATION, contact_person="Frau Ernst")
    client.force_login(council)
    url = reverse("concept:actor_list")
    names = lambda r: [a.name for a in r.context["actors"]]  # noqa: E731
    assert names(client.get(url, {"kind": "school"})) == ["Grundschule Mitte"]
    assert names(client.get(url, {"q": "schul"})) == ["Grundschule Mitte", "Schulverein"]
    assert names(client.get(url, {"q": "ernst", "kind": "association"})) == ["Schulverein"]


def test_actor_detail_shows_contact_members_and_measures_as_lead_and_partner(client, council):
    actor = ActorFactory(name="VHS", contact_person="Herr Kurs", phone="0511 123")
    member = MembershipFactory(actor=actor, user__first_name="Mia", user__last_name="Mitglied")
    MeasureFactory(lead_actor=actor, title="Sprachcafé", status=MeasureStatus.DELAYED)
    MeasureFactory(title="Elternabend").partners.add(actor)
    client.force_login(council)
    response = client.get(reverse("concept:actor_detail", args=[actor.pk]))
    html = response.content.decode()
    assert "Herr Kurs" in html and "0511 123" in html
    assert str(member.user) in html
    assert "Sprachcafé" in html and "verzögert" in html and "31.12.2027" in html
    assert "Elternabend" in html


@pytest.mark.parametrize("n", [5, 50])
def test_actor_detail_needs_the_same_queries_for_5_and_50_measures(
    client, coordinator, django_assert_num_queries, n
):
    actor = ActorFactory()
    for i in range(n):
        MeasureFactory(lead_actor=actor).partners.add(ActorFactory())
        MeasureFactory().partners.add(actor)
        if i % 5 == 0:
            MembershipFactory(actor=actor)
    client.force_login(coordinator)
    # session, user, actor, groups (rules), memberships with users, led measures,
    # partner measures, the actor's other names (import aliases), people who may be added as
    # members
    with django_assert_num_queries(9):
        response = client.get(reverse("concept:actor_detail", args=[actor.pk]))
    assert len(response.context["actor"].led) == n


@pytest.mark.parametrize("role", ["council", "actor_member"])
def test_readers_see_no_edit_buttons_on_actor_pages(client, request, role, own_actor):
    client.force_login(request.getfixturevalue(role))
    detail = client.get(reverse("concept:actor_detail", args=[own_actor.pk])).content.decode()
    listing = client.get(reverse("concept:actor_list")).content.decode()
    for url in (
        reverse("concept:actor_update", args=[own_actor.pk]),
        reverse("concept:actor_delete", args=[own_actor.pk]),
        reverse("concept:member_add", args=[own_actor.pk]),
    ):
        assert url not in detail
    assert reverse("concept:actor_create") not in listing
    assert "Entfernen" not in detail


def test_coordinator_sees_the_edit_buttons(client, coordinator, actor_member, own_actor):
    client.force_login(coordinator)
    detail = client.get(reverse("concept:actor_detail", args=[own_actor.pk])).content.decode()
    assert reverse("concept:actor_update", args=[own_actor.pk]) in detail
    assert reverse("concept:member_remove", args=[own_actor.pk, actor_member.pk]) in detail


def test_coordinator_creates_an_actor_with_history(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:actor_create"),
        {"name": "Neuer Verein", "kind": "association", "website": "https://verein.example.org"},
    )
    actor = Actor.objects.get(name="Neuer Verein")
    assert response.url == actor.get_absolute_url()
    assert actor.history.get().history_user == coordinator


def test_actor_form_keeps_input_and_explains_errors(client, coordinator, own_actor):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:actor_create"),
        {"name": own_actor.name, "kind": "school", "contact_person": "Frau Bleibt", "email": "x"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Frau Bleibt" in html
    assert "Es gibt bereits einen Akteur mit diesem Namen." in html
    assert "gültige E-Mail-Adresse" in html
    assert Actor.objects.count() == 1


def test_coordinator_edits_an_actor_and_the_history_records_the_change(
    client, coordinator, own_actor
):
    client.force_login(coordinator)
    client.post(
        reverse("concept:actor_update", args=[own_actor.pk]),
        {"name": own_actor.name, "kind": "welfare", "phone": "0511 999"},
    )
    own_actor.refresh_from_db()
    assert own_actor.kind == ActorKind.WELFARE and own_actor.phone == "0511 999"
    latest = own_actor.history.first()
    assert latest.history_user == coordinator
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} >= {"kind", "phone"}


def test_deleting_an_actor_that_leads_measures_is_refused_with_a_german_message(
    client, coordinator, own_actor
):
    MeasureFactory(lead_actor=own_actor)
    client.force_login(coordinator)
    page = client.get(reverse("concept:actor_delete", args=[own_actor.pk])).content.decode()
    assert "kann nicht gelöscht werden" in page and "Endgültig löschen" not in page
    response = client.post(reverse("concept:actor_delete", args=[own_actor.pk]), follow=True)
    assert Actor.objects.filter(pk=own_actor.pk).exists()
    assert "federführend verantwortet" in response.content.decode()


def test_deleting_an_actor_without_measures_works(client, coordinator, own_actor):
    MeasureFactory().partners.add(own_actor)
    client.force_login(coordinator)
    response = client.post(reverse("concept:actor_delete", args=[own_actor.pk]))
    assert response.url == reverse("concept:actor_list")
    assert not Actor.objects.filter(pk=own_actor.pk).exists()
    assert Actor.history.filter(id=own_actor.pk, history_type="-").get().history_user == coordinator


def test_coordinator_adds_and_removes_a_member(client, coordinator, own_actor):
    person = UserFactory(username="neu")
    client.force_login(coordinator)
    client.post(reverse("concept:member_add", args=[own_actor.pk]), {"member": person.pk})
    assert Membership.objects.filter(actor=own_actor, user=person).exists()
    client.post(reverse("concept:member_remove", args=[own_actor.pk, person.pk]))
    assert not Membership.objects.filter(actor=own_actor, user=person).exists()
    assert Membership.history.filter(user_id=person.pk).count() == 2


def test_adding_an_existing_member_again_is_refused(client, coordinator, actor_member, own_actor):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:member_add", args=[own_actor.pk]), {"member": actor_member.pk}, follow=True
    )
    assert Membership.objects.filter(actor=own_actor, user=actor_member).count() == 1
    assert "gültige Auswahl" in response.content.decode()


def test_removing_a_non_member_gives_404(client, coordinator, own_actor, council):
    client.force_login(coordinator)
    url = reverse("concept:member_remove", args=[own_actor.pk, council.pk])
    assert client.post(url).status_code == 404


def test_xss_in_actor_fields_comes_out_escaped(client, council):
    actor = ActorFactory(name=XSS, short_name=XSS, contact_person=XSS, phone=XSS)
    MembershipFactory(actor=actor, user__first_name=XSS)
    client.force_login(council)
    for url in (reverse("concept:actor_list"), actor.get_absolute_url()):
        html = client.get(url).content.decode()
        assert XSS not in html
        assert ESCAPED in html


@pytest.mark.django_db
def test_a_short_name_another_actor_has_is_refused(client, coordinator):
    Actor.objects.create(name="Volkshochschule Leinetal", short_name="VHS")
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:actor_create"), {"name": "Verein Harmonie", "short_name": "vhs"}
    )
    assert response.context["form"].errors["short_name"] == [
        "Den Kurznamen „vhs“ trägt schon ein anderer Akteur."
    ]
    assert not Actor.objects.filter(name="Verein Harmonie").exists()
