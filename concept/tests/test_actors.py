"""Actor pages: list, detail, create/edit/delete, members."""

import pytest
from django.urls import reverse

from concept.models import Actor, ActorKind, Membership
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory

XSS = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"

pytestmark = pytest.mark.django_db


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


def test_the_coordination_chooses_reporting_by_personal_link(client, coordinator, own_actor):
    client.force_login(coordinator)
    url = reverse("concept:actor_update", args=[own_actor.pk])
    assert "Meldung per persönlichem Link" in client.get(url).content.decode()
    data = {
        "name": own_actor.name,
        "kind": own_actor.kind,
        "email": "kontakt@verein.example",
        "reports_by_link": "on",
    }
    client.post(url, data)
    own_actor.refresh_from_db()
    assert own_actor.reports_by_link and own_actor.email == "kontakt@verein.example"
