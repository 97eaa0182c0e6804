"""DSGVO: the export of everything held about a person (Art. 15) and the erasure (Art. 17)."""

import json

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from concept import roles
from concept.models import Actor, Membership, User
from concept.privacy import person_erase
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from core.tests.task_rows import task_row
from measures.models import StatusUpdate
from measures.tests.factories import StatusUpdateFactory
from participation.mail import send_mail_task
from participation.models import ConferenceInvitation, Reminder
from participation.tests.factories import ConferenceFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(own_actor):
    user = MembershipFactory(
        actor=own_actor,
        user__username="paula",
        user__first_name="Paula",
        user__last_name="Person",
        user__email="paula@example.org",
    ).user
    user.calendar_token = "kalender-geheim"
    user.save()
    return user


@pytest.fixture
def traces(person, coordinator):
    """Something of the person in every app."""
    report = StatusUpdateFactory(author=person, text="Kurs läuft gut.")
    report.history.update(history_user=person)
    SurveyResponseFactory(updated_by=person)
    conference = ConferenceFactory()
    ConferenceInvitation.objects.create(
        conference=conference, recipient=person, sent_at=timezone.now()
    )
    Reminder.objects.create(
        kind="deadline_7", occasion="deadline_7:measure=1", user=person, due_on="2026-12-31",
        measure=report.measure,
    )  # fmt: skip
    AccessAttempt.objects.create(
        username="paula", ip_address="192.0.2.7", user_agent="Firefox", failures_since_start=2,
        attempt_time=timezone.now(),
    )  # fmt: skip
    actor = ActorFactory(
        name="Sprachtreff e. V.", contact_person="Paula Person", email="Paula@example.org",
        phone="0511 123",
    )  # fmt: skip
    actor.website = "https://sprachtreff.example.org"
    actor.save()  # a second history row with the contact person
    return {"report": report, "actor": actor}


def export_of(client, user):
    response = client.get(reverse("concept:user_export", args=[user.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="auskunft-')
    return json.loads(response.content)


def test_export_holds_the_persons_data_from_every_app(client, coordinator, person, traces):
    client.force_login(coordinator)
    data = export_of(client, person)["bereiche"]
    assert data["konto"]["daten"]["e_mail"] == "paula@example.org"
    assert data["konto"]["daten"]["kalender_abo_eingerichtet"] is True
    assert data["mitgliedschaften"]["daten"] == [
        {"akteur": "Eigener Verein", "seit": timezone.localdate().isoformat()}
    ]
    assert data["sachstaende"]["daten"][0]["text"] == "Kurs läuft gut."
    assert len(data["abfrage"]["daten"]) == 1
    assert len(data["erinnerungen"]["daten"]) == 1
    assert len(data["konferenzeinladungen"]["daten"]) == 1
    assert data["anmeldeversuche"]["daten"][0]["ip_adresse"] == "192.0.2.7"
    assert data["ansprechperson"]["daten"]["aktuell"][0]["akteur"] == "Sprachtreff e. V."
    assert len(data["ansprechperson"]["daten"]["historie"]) == 2
    assert any(e["bereich"] == "Sachstand" for e in data["historie"]["daten"])


def test_export_by_address_finds_a_person_without_account(tmp_path, traces):
    task_row(task_path=send_mail_task.module_path, kwargs={"to": ["extern@example.org"]})
    Actor.objects.filter(pk=traces["actor"].pk).update(email="Extern@Example.org")
    out = tmp_path / "auskunft.json"
    call_command("privacy_export", email="extern@example.org", output=str(out))
    data = json.loads(out.read_text())
    assert data["person"]["konto_id"] is None
    assert data["bereiche"]["ansprechperson"]["daten"]["aktuell"][0]["akteur"] == (
        "Sprachtreff e. V."
    )
    assert data["bereiche"]["aufgaben"]["daten"][0]["argumente"]["kwargs"]["to"] == [
        "extern@example.org"
    ]


def test_export_as_zip_has_the_json_and_a_german_readme(client, coordinator, person, traces):
    import io
    import zipfile

    client.force_login(coordinator)
    response = client.get(reverse("concept:user_export", args=[person.pk]), {"zip": "1"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["LIESMICH.txt", "auskunft.json"]
    readme = archive.read("LIESMICH.txt").decode()
    assert "Art. 15 DSGVO" in readme and "- Verfasste Sachstände: 1 Eintrag" in readme
    data = json.loads(archive.read("auskunft.json"))
    assert data["bereiche"]["konto"]["daten"]["benutzername"] == "paula"


def test_export_command_by_username(capsys, person, traces):
    call_command("privacy_export", user="paula")
    data = json.loads(capsys.readouterr().out)
    assert data["bereiche"]["konto"]["daten"]["benutzername"] == "paula"


def test_erase_replaces_the_person_and_keeps_the_records(client, coordinator, person, traces):
    client.force_login(person)
    assert Session.objects.count() == 1
    mail = task_row(task_path=send_mail_task.module_path, kwargs={"to": ["paula@example.org"]})
    report = traces["report"]
    person_erase(user=person, by=coordinator)

    person.refresh_from_db()
    assert person.username == f"geloescht-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert person.calendar_token is None
    assert not person.is_active and not person.has_usable_password()
    assert str(person) == "gelöschte Person"
    assert not Membership.objects.filter(user=person).exists()
    assert not person.groups.exists()
    assert Session.objects.count() == 0
    assert not AccessAttempt.objects.filter(username="paula").exists()
    assert not Reminder.objects.filter(user=person).exists()
    assert not ConferenceInvitation.objects.filter(recipient=person).exists()
    assert not type(mail).objects.filter(pk=mail.pk).exists()
    # the municipality's records stay, the history stays readable
    report = StatusUpdate.objects.get(pk=report.pk)
    assert report.author_id == person.pk and report.text == "Kurs läuft gut."
    assert str(report.history.earliest().history_user) == "gelöschte Person"
    # the contact person is gone from the actor and from every version in its history
    actor = Actor.objects.get(pk=traces["actor"].pk)
    assert (actor.contact_person, actor.email, actor.phone) == ("", "", "")
    assert actor.website == "https://sprachtreff.example.org"
    assert not actor.history.filter(contact_person="Paula Person").exists()
    assert not actor.history.filter(email__iexact="paula@example.org").exists()


def test_erasure_page_needs_the_typed_username(client, coordinator, person):
    client.force_login(coordinator)
    url = reverse("concept:user_erase", args=[person.pk])
    response = client.post(url, {"confirm": "jemand"})
    assert response.status_code == 200
    assert "stimmt nicht überein" in response.content.decode()
    assert User.objects.get(pk=person.pk).username == "paula"
    response = client.post(url, {"confirm": "paula"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).is_erased


def test_erasure_writes_an_audit_line(caplog, coordinator, person):
    with caplog.at_level("INFO", logger="concept.audit"):
        person_erase(user=person, by=coordinator)
    assert f"erased: account geloescht-{person.pk} (id {person.pk}) by koordination-test" in (
        caplog.text
    )
    assert "paula" not in caplog.text  # the journal keeps neither name nor address


def test_coordinator_cannot_erase_herself(client, coordinator):
    UserFactory(username="zweite", role=roles.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:user_erase", args=[coordinator.pk]), {"confirm": coordinator.username}
    )
    assert response.status_code == 403
    assert not User.objects.get(pk=coordinator.pk).is_erased


def test_last_coordinator_cannot_be_erased(coordinator):
    from django.core.exceptions import ValidationError

    other = UserFactory(username="admin-ohne-rolle", is_superuser=True, is_active=False)
    with pytest.raises(ValidationError, match="letzte"):
        person_erase(user=coordinator, by=other)
    assert not User.objects.get(pk=coordinator.pk).is_erased


def test_erase_by_address_blanks_contact_person_without_account(client, coordinator, traces):
    actor = ActorFactory(contact_person="Erik Extern", email="extern@example.org")
    actor.phone = "0511 999"
    actor.save()
    client.force_login(coordinator)
    url = reverse("concept:privacy_address")
    page = client.get(url, {"email": "extern@example.org"})
    assert "Daten zu dieser Adresse löschen" in page.content.decode()
    response = client.post(url, {"email": "extern@example.org", "confirm": "extern@example.org"})
    assert response.status_code == 302
    assert Actor.objects.get(pk=actor.pk).contact_person == ""
    assert not Actor.history.filter(contact_person="Erik Extern").exists()
    assert not Actor.history.filter(phone="0511 999").exists()
    # another contact person (another address) is untouched
    assert Actor.objects.get(pk=traces["actor"].pk).contact_person == "Paula Person"


def test_address_page_downloads_the_export_of_an_address(client, coordinator, traces):
    Actor.objects.filter(pk=traces["actor"].pk).update(email="extern@example.org")
    client.force_login(coordinator)
    response = client.get(
        reverse("concept:privacy_address"), {"email": "extern@example.org", "download": "1"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="auskunft-adresse')
    data = json.loads(response.content)["bereiche"]
    assert data["ansprechperson"]["daten"]["aktuell"][0]["ansprechperson"] == "Paula Person"


def test_erase_by_address_refuses_an_address_with_account(client, coordinator, person):
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:privacy_address"),
        {"email": "paula@example.org", "confirm": "paula@example.org"},
    )
    assert response.status_code == 200
    assert "Konto" in response.content.decode()
    assert User.objects.get(pk=person.pk).username == "paula"
