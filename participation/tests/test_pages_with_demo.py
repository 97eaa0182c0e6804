"""Every participation page renders with the realistic demo data, for each role."""

import pytest
from django.urls import reverse

from concept.models import User
from participation.models import Conference, SurveyRound


@pytest.mark.parametrize("username", ["koordination", "akteur", "rat"])
def test_demo_pages_render(client, demo_data, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    urls = [
        reverse("participation:conference_list"),
        reverse("participation:calendar"),
    ]
    urls += [c.get_absolute_url() for c in Conference.objects.all()]
    if username != "rat":
        urls.append(reverse("participation:survey_list"))
        urls += [r.get_absolute_url() for r in SurveyRound.objects.visible_to(user)]
    if username == "koordination":
        for survey_round in SurveyRound.objects.all():
            for field in survey_round.action_fields.all():
                urls.append(
                    reverse(
                        "participation:survey_field",
                        kwargs={"pk": survey_round.pk, "field_pk": field.pk},
                    )
                )
            urls.append(reverse("participation:survey_export", args=[survey_round.pk]))
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_demo_actor_can_open_the_current_survey_for_the_vhs(client, demo_data):
    user = User.objects.get(username="akteur")
    client.force_login(user)
    current = SurveyRound.objects.visible_to(user).exclude(title__contains="2021").get()
    actor = user.actors.get()
    field = current.action_fields.first()
    url = reverse(
        "participation:survey_answer",
        kwargs={"pk": current.pk, "actor_pk": actor.pk, "field_pk": field.pk},
    )
    page = client.get(url).content.decode()
    assert "Entwurf speichern" in page
