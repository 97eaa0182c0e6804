"""Optimistic locking of assessments: a stale form never silently undoes another save."""

import pytest
from django.urls import reverse

from core.conflicts import read_original
from evaluation import services
from evaluation.forms import AssessmentForm
from evaluation.models import AssessmentState
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, draft, ratings_by_code, start_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(own_actor):
    MeasureFactory(lead_actor=own_actor, number="3.1")
    return start_cycle().assessments.get()


def _opened(assessment) -> dict[str, str]:
    """The POST data of the form as a browser shows it right now (hidden fields included)."""
    matrix = assessment.cycle.matrix
    form = AssessmentForm(
        assessment=assessment,
        criteria=list(matrix.criteria.all()),
        levels=list(matrix.levels.all()),
    )
    return {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }


def _ids(assessment):
    matrix = assessment.cycle.matrix
    criteria = {c.code: c.pk for c in matrix.criteria.all()}
    levels = {level.label: level.pk for level in matrix.levels.all()}
    return criteria, levels


def _scores(assessment):
    return {
        s.criterion.code: (s.level.label if s.level else None, s.justification)
        for s in assessment.scores.select_related("criterion", "level")
    }


def test_every_save_counts_up_the_version(assessment, coordinator):
    assert assessment.version == 1
    draft(assessment, {"K1": "erreicht"})
    assessment.refresh_from_db()
    assert assessment.version == 2
    services.assessment_finalise(
        assessment=assessment,
        user=coordinator,
        ratings=ratings_by_code(assessment, ALL_REACHED),
        indicator_value=None,
        recommendation="continue",
        remarks="",
        expected_version=2,
    )
    assessment.refresh_from_db()
    assert assessment.version == 3
    assert list(assessment.history.order_by("history_date").values_list("version", flat=True)) == [
        1,
        2,
        3,
    ]


@pytest.mark.parametrize("service", ["assessment_save_draft", "assessment_finalise"])
def test_service_refuses_a_save_based_on_an_old_version_and_changes_nothing(
    assessment, actor_member, coordinator, service
):
    draft(assessment, {"K1": "erreicht"}, user=actor_member, remarks="Von der VHS")
    with pytest.raises(services.AssessmentConflict) as refused:
        getattr(services, service)(
            assessment=assessment,
            user=coordinator,
            ratings=ratings_by_code(assessment, ALL_REACHED),
            indicator_value=None,
            recommendation="continue",
            remarks="",
            expected_version=1,
        )
    assert refused.value.expected_version == 1
    assert refused.value.assessment.version == 2
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.remarks == "Von der VHS"
    assert _scores(assessment)["K2"] == (None, "")


def test_stale_form_is_refused_with_409_and_does_not_wipe_the_other_ratings(
    client, assessment, actor_member, coordinator
):
    """The review's steps: two browsers; the first rates K1/K2 with a remark, the second (stale)
    only K3."""
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    criteria, levels = _ids(assessment)
    first, second = _opened(assessment), _opened(assessment)

    first.update(
        {
            f"level_{criteria['K1']}": levels["erreicht"],
            f"justification_{criteria['K1']}": "Ziel erreicht",
            f"level_{criteria['K2']}": levels["überwiegend erreicht"],
            f"justification_{criteria['K2']}": "Etwas Verzug",
            "remarks": "Gute Zusammenarbeit",
            "draft": "1",
        }
    )
    client.force_login(actor_member)
    assert client.post(url, first).status_code == 302

    second.update({f"level_{criteria['K3']}": levels["teilweise erreicht"], "draft": "1"})
    client.force_login(coordinator)
    response = client.post(url, second)

    assert response.status_code == 409
    assessment.refresh_from_db()
    scores = _scores(assessment)
    assert scores["K1"] == ("erreicht", "Ziel erreicht")
    assert scores["K2"] == ("überwiegend erreicht", "Etwas Verzug")
    assert scores["K3"] == (None, "")
    assert assessment.remarks == "Gute Zusammenarbeit"

    page = response.content.decode()
    assert "jemand anderes hat diese Bewertung inzwischen geändert" in page
    assert str(actor_member) in page  # who saved meanwhile
    assert "K1 Zielerreichung laut Indikator: Stufe: jetzt „erreicht (3)“" in page
    assert "K2 Umsetzungsstand und Termintreue: Begründung: jetzt „Etwas Verzug“" in page
    assert "Bemerkungen: jetzt „Gute Zusammenarbeit“" in page
    assert "K3" not in page.split('id="conflict-heading"')[1].split("</section>")[0]

    # Untouched fields show the other person's values, the user's own change stays.
    shown = response.context["form"].data
    assert shown[f"level_{criteria['K1']}"] == str(levels["erreicht"])
    assert shown[f"justification_{criteria['K2']}"] == "Etwas Verzug"
    assert shown["remarks"] == "Gute Zusammenarbeit"
    assert shown[f"level_{criteria['K3']}"] == str(levels["teilweise erreicht"])
    assert read_original(shown["original"]).version == 2
    assert f'<option value="{levels["teilweise erreicht"]}" selected>' in page
    assert "Gute Zusammenarbeit</textarea>" in page

    # Saving the conflict page again deliberately applies only the user's change on top.
    assert client.post(url, shown).status_code == 302
    assessment.refresh_from_db()
    scores = _scores(assessment)
    assert scores["K1"] == ("erreicht", "Ziel erreicht")
    assert scores["K2"] == ("überwiegend erreicht", "Etwas Verzug")
    assert scores["K3"][0] == "teilweise erreicht"
    assert assessment.remarks == "Gute Zusammenarbeit"
    assert assessment.version == 3


def test_a_field_both_changed_keeps_the_users_input_and_names_both_values(
    client, assessment, actor_member, coordinator
):
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    first, second = _opened(assessment), _opened(assessment)
    first.update({"remarks": "Meine Sicht (VHS)", "draft": "1"})
    client.force_login(actor_member)
    assert client.post(url, first).status_code == 302

    second.update({"remarks": "Sicht der Koordination", "draft": "1"})
    client.force_login(coordinator)
    response = client.post(url, second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bemerkungen: jetzt „Meine Sicht (VHS)“; Ihre Eingabe „Sicht der Koordination“" in page
    assert response.context["form"].data["remarks"] == "Sicht der Koordination"
    assessment.refresh_from_db()
    assert assessment.remarks == "Meine Sicht (VHS)"


def test_stale_final_assessment_is_refused_too(client, assessment, actor_member, coordinator):
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    criteria, levels = _ids(assessment)
    stale = _opened(assessment)
    draft(assessment, {"K1": "nicht erreicht"}, user=actor_member, remarks="Abgebrochen")
    for code in criteria:
        stale[f"level_{criteria[code]}"] = levels["erreicht"]
    stale.update({"recommendation": "continue", "finalise": "1"})
    client.force_login(coordinator)
    response = client.post(url, stale)
    assert response.status_code == 409
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    assert _scores(assessment)["K1"][0] == "nicht erreicht"
    # The coordinator changed K1 too: their input stays; the remark they left shows the new one.
    shown = response.context["form"].data
    assert shown[f"level_{criteria['K1']}"] == str(levels["erreicht"])
    assert shown["remarks"] == "Abgebrochen"


def test_a_garbled_snapshot_keeps_every_input_of_the_user(
    client, assessment, actor_member, coordinator
):
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    stale = _opened(assessment)
    draft(assessment, {"K1": "erreicht"}, user=actor_member, remarks="Neu")
    stale.update({"original": "kaputt", "draft": "1"})
    client.force_login(coordinator)
    response = client.post(url, stale)
    assert response.status_code == 409
    assert response.context["form"].data["remarks"] == ""
    assert "Bemerkungen: jetzt „Neu“; Ihre Eingabe „leer“" in response.content.decode()


def test_a_change_in_the_admin_counts_up_the_version(rf, assessment, coordinator):
    from django.contrib import admin

    from evaluation.models import Assessment

    request = rf.post("/")
    request.user = coordinator
    assessment.remarks = "In der Verwaltungsoberfläche ergänzt"
    admin.site._registry[Assessment].save_model(request, assessment, None, change=True)
    assessment.refresh_from_db()
    assert assessment.version == 2


@pytest.mark.parametrize("what", ["finalised", "closed"])
def test_a_form_opened_before_the_assessment_became_final_keeps_the_input(
    client, assessment, actor_member, coordinator, what
):
    """It used to answer 403 and lose everything the actor had typed."""
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    criteria, levels = _ids(assessment)
    mine = _opened(assessment)
    if what == "finalised":
        services.assessment_finalise(
            assessment=assessment,
            user=coordinator,
            ratings=ratings_by_code(assessment, ALL_REACHED),
            indicator_value=None,
            recommendation="continue",
            remarks="",
        )
    else:
        services.cycle_close(cycle=assessment.cycle, user=coordinator, close_open=True)
    mine.update(
        {
            f"justification_{criteria['K3']}": "Zwölf Teilnehmerinnen aus der Zielgruppe",
            "remarks": "Lange Begründung der VHS",
            "draft": "1",
        }
    )
    client.force_login(actor_member)
    response = client.post(url, mine)
    assert response.status_code == 409
    page = response.content.decode()
    expected = "inzwischen abschließend" if what == "finalised" else "inzwischen abgeschlossen"
    assert expected in page
    assert "Zwölf Teilnehmerinnen aus der Zielgruppe</textarea>" in page
    assert "Lange Begründung der VHS</textarea>" in page
    assert 'name="draft"' not in page  # nothing to save any more
    assessment.refresh_from_db()
    assert assessment.remarks == ""
    # others still get nothing
    assert client.get(url).status_code == 403


def test_members_of_other_actors_and_council_still_cannot_post(
    client, assessment, other_member, council
):
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    for user in (other_member, council):
        client.force_login(user)
        assert client.post(url, {**_opened(assessment), "draft": "1"}).status_code == 404


def test_an_actor_member_cannot_finalise_even_after_the_assessment_became_final(
    client, assessment, actor_member
):
    client.force_login(actor_member)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    assert client.post(url, {**_opened(assessment), "finalise": "1"}).status_code == 403
