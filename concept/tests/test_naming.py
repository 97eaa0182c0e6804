"""Actor names in other people's files: resolved by name, short name or alias, never guessed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concept import naming, services
from concept.models import Actor, ActorAlias

from .factories import ActorFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Stadt - FB 50 Soziales", "Stadt – FB 50 Soziales"),
        ("stadt—fb 50  soziales", "Stadt – FB 50 Soziales"),
        ("Stadt‐FB 50 Soziales", "Stadt – FB 50 Soziales"),
        ('Verein "Brücke" e.V.', "Verein „Brücke“ e.V."),
        ("Verein ‚Brücke‘ e.V.", "Verein 'Brücke' e.V."),
        ("  JOBCENTER\u00a0Region ", "Jobcenter Region"),
    ],
)
def test_case_space_dashes_and_quotes_do_not_matter(typed, stored):
    assert naming.normalise(typed) == naming.normalise(stored)


def test_different_words_stay_different():
    assert naming.normalise("Migrantenorganisationen") != naming.normalise(
        "Migrantenselbstorganisationen"
    )


@pytest.mark.django_db
def test_actor_is_found_by_name_short_name_or_alias_and_says_how():
    caritas = ActorFactory(name="Caritasverband Musterhausen e.V.", short_name="Caritas")
    ActorAlias.objects.create(actor=caritas, alias="Caritas MH")
    index = Actor.objects.name_index()
    assert index.resolve("caritasverband musterhausen e.v.").via == naming.VIA_NAME
    assert index.resolve("CARITAS").via == naming.VIA_SHORT_NAME
    match = index.resolve("Caritas-MH") or index.resolve("Caritas MH")
    assert match.target == caritas and match.via == naming.VIA_ALIAS


@pytest.mark.django_db
def test_a_similar_name_is_suggested_but_not_resolved():
    mso = ActorFactory(name="Migrantenselbstorganisationen")
    index = Actor.objects.name_index()
    assert index.resolve("Migrantenorganisationen") is None
    assert index.suggest("Migrantenorganisationen") == [mso]
    assert index.suggest("Sportverein Blau-Weiß") == []


@pytest.mark.django_db
def test_an_alias_that_already_names_an_actor_is_refused(coordinator):
    jobcenter = ActorFactory(name="Jobcenter Region", short_name="JC")
    other = ActorFactory(name="Agentur für Arbeit")
    with pytest.raises(ValidationError, match="steht schon für „Jobcenter Region“"):
        services.actor_alias_add(actor=other, alias="jc", user=coordinator)
    services.actor_alias_add(actor=jobcenter, alias="Jobcenter Musterhausen", user=coordinator)
    with pytest.raises(ValidationError, match="über Alias"):
        services.actor_alias_add(actor=other, alias="JOBCENTER  musterhausen", user=coordinator)


@pytest.mark.django_db
def test_coordinator_adds_and_removes_an_alias_on_the_actor_page_with_history(client, coordinator):
    actor = ActorFactory(name="Stadt – FB 50 Soziales")
    client.force_login(coordinator)
    page = client.get(reverse("concept:actor_detail", args=[actor.pk])).content.decode()
    assert "Andere Namen (für den Import)" in page
    client.post(reverse("concept:actor_alias_add", args=[actor.pk]), {"alias": "Sozialamt"})
    alias = ActorAlias.objects.get()
    assert alias.actor == actor and alias.history.get().history_user == coordinator
    page = client.get(reverse("concept:actor_detail", args=[actor.pk])).content.decode()
    assert "Sozialamt" in page
    client.post(reverse("concept:actor_alias_delete", args=[actor.pk, alias.pk]))
    assert not ActorAlias.objects.exists()
    assert ActorAlias.history.filter(history_type="-").count() == 1


@pytest.mark.django_db
def test_readers_do_not_see_the_aliases(client, council):
    actor = ActorFactory()
    ActorAlias.objects.create(actor=actor, alias="Geheimer Zweitname")
    client.force_login(council)
    page = client.get(reverse("concept:actor_detail", args=[actor.pk])).content.decode()
    assert "Geheimer Zweitname" not in page
