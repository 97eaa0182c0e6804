"""Plausible dates for rounds and conferences, and error summaries on the planning forms."""

import datetime

import pytest
import tinyhtml5
from django.urls import reverse
from django.utils import timezone

from concept.tests.factories import action_field
from participation.models import Conference, SurveyRound

from .factories import ConferenceFactory, SurveyRoundFactory


def summary_links(response):
    """The links of the error summary at the top of the form: {href: text}."""
    page = tinyhtml5.parse(response.content.decode(), namespace_html_elements=False)
    summary = page.find(".//div[@role='alert']")
    assert "error-summary" in summary.get("class")
    assert "Es wurde nichts gespeichert" in "".join(summary.itertext())
    return {a.get("href"): " ".join("".join(a.itertext()).split()) for a in summary.iter("a")}


def day(offset: int) -> str:
    return f"{timezone.localdate() + datetime.timedelta(days=offset):%d.%m.%Y}"


def round_data(own_actor, starts_on, ends_on):
    return {
        "title": "Bestandsaufnahme",
        "starts_on": starts_on,
        "ends_on": ends_on,
        "action_fields": [action_field(1).pk],
        "invited_actors": [own_actor.pk],
    }


# --- survey rounds -----------------------------------------------------------------------------


def test_new_round_cannot_end_in_the_past(client, coordinator, own_actor):
    client.force_login(coordinator)
    url = reverse("participation:survey_create")
    response = client.post(url, round_data(own_actor, "01.01.2020", "02.01.2020"))
    assert response.status_code == 200
    assert not SurveyRound.objects.exists()
    assert summary_links(response)["#id_ends_on"].startswith(
        "Antworten bis: Das Ende liegt in der Vergangenheit"
    )
    # ending today is fine: the round is open for today
    response = client.post(url, round_data(own_actor, day(-3), day(0)))
    assert response.status_code == 302
    assert SurveyRound.objects.get().is_open()


def test_a_past_round_can_still_be_edited(client, coordinator, own_actor):
    past = SurveyRoundFactory(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 1, 2)
    )
    client.force_login(coordinator)
    data = round_data(own_actor, "01.01.2020", "02.01.2020")
    data["title"] = "Bestandsaufnahme 2020 (berichtigt)"
    response = client.post(reverse("participation:survey_update", args=[past.pk]), data)
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.title == "Bestandsaufnahme 2020 (berichtigt)"


def test_round_form_errors_link_to_checkbox_groups(client, coordinator, own_actor):
    client.force_login(coordinator)
    data = round_data(own_actor, day(0), day(10))
    data["action_fields"] = []
    response = client.post(reverse("participation:survey_create"), data)
    assert "#id_action_fields_0" in summary_links(response)


# --- conferences -------------------------------------------------------------------------------


def conference_data(starts_at, **extra):
    return {"title": "Konferenz", "starts_at": starts_at, "place": "Rathaus", **extra}


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"participant_count": "40"}, "participant_count"), ("attended", "attended_actors")],
)
def test_future_conference_takes_no_attendance(client, coordinator, own_actor, extra, field):
    if extra == "attended":
        extra = {"attended_actors": [own_actor.pk]}
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_create"),
        conference_data(f"{day(14)} 17:00", **extra),
    )
    assert response.status_code == 200
    assert not Conference.objects.exists()
    link = summary_links(response)[f"#id_{field}" + ("_0" if field == "attended_actors" else "")]
    assert "Die Konferenz hat noch nicht stattgefunden" in link


def test_attendance_is_recorded_once_the_conference_has_taken_place(client, coordinator, own_actor):
    conference = ConferenceFactory(starts_at=timezone.now() + datetime.timedelta(days=14))
    client.force_login(coordinator)
    data = conference_data(
        f"{day(-1)} 17:00", participant_count="40", attended_actors=[own_actor.pk]
    )
    response = client.post(reverse("participation:conference_update", args=[conference.pk]), data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.participant_count == 40
    assert list(conference.attended_actors.all()) == [own_actor]
    # on the day itself, too (attendance is taken at the door)
    data["starts_at"] = f"{day(0)} 23:59"
    response = client.post(reverse("participation:conference_update", args=[conference.pk]), data)
    assert response.status_code == 302


def test_result_form_errors_show_in_a_summary_on_the_conference_page(client, coordinator):
    conference = ConferenceFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("participation:conference_result_add", args=[conference.pk]),
        {"kind": "result", "text": ""},
    )
    assert response.status_code == 200
    assert "#id_text" in summary_links(response)
