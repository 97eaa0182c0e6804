"""The Beratungsfolge is chronological and ends with the Beschlussfassung; a form with errors
shows one banner (the error summary)."""

import datetime

import pytest
from django.urls import reverse

from council.models import CouncilPaper, PaperStatus
from council.services import RefusedError, paper_save
from council.tests.factories import CouncilPaperFactory

pytestmark = pytest.mark.django_db


def _post(**rows):
    data = {
        "number": "2026/070",
        "kind": "beschlussvorlage",
        "is_public": "on",
        "date": "04.11.2026",
        "title": "Fortschreibung",
        "body": "Text",
        "proposed_resolution": "Der Rat beschließt.",
        "signature_intro": "Im Auftrag",
        "beratung-TOTAL_FORMS": "2",
        "beratung-INITIAL_FORMS": "0",
    }
    for index, (body, date, role, order) in enumerate(rows.values()):
        data.update(
            {
                f"beratung-{index}-body_name": body,
                f"beratung-{index}-meeting_date": date,
                f"beratung-{index}-role": role,
                f"beratung-{index}-ORDER": order,
            }
        )
    return data


def _create(client, coordinator, **rows):
    client.force_login(coordinator)
    return client.post(reverse("council:paper-create"), _post(**rows))


def test_a_preliminary_consultation_after_the_decision_is_refused_at_its_row(client, coordinator):
    response = _create(
        client,
        coordinator,
        rat=("Rat", "01.12.2026", "beschlussfassung", "1"),
        committee=("Ausschuss für Soziales", "10.12.2026", "vorberatung", "2"),
    )
    assert response.status_code == 400
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert "Nach der Beschlussfassung (Rat)" in formset.forms[1].errors["role"][0]
    assert not CouncilPaper.objects.exists()


def test_meetings_out_of_date_order_are_refused_at_the_later_row(client, coordinator):
    response = _create(
        client,
        coordinator,
        committee=("Ausschuss für Soziales", "10.12.2026", "vorberatung", "1"),
        rat=("Rat", "01.12.2026", "beschlussfassung", "2"),
    )
    assert response.status_code == 400
    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    message = formset.forms[1].errors["meeting_date"][0]
    assert "vor der vorherigen Beratung (Ausschuss für Soziales am 10.12.2026)" in message
    html = response.content.decode()
    assert 'href="#id_beratung-1-meeting_date"' in html  # linked from the error summary


def test_a_chronological_beratungsfolge_is_saved(client, coordinator):
    response = _create(
        client,
        coordinator,
        rat=("Rat", "10.12.2026", "beschlussfassung", "2"),
        committee=("Ausschuss für Soziales", "01.12.2026", "vorberatung", "1"),
    )
    assert response.status_code == 302
    paper = CouncilPaper.objects.get()
    assert [c.body_name for c in paper.consultations.all()] == ["Ausschuss für Soziales", "Rat"]


def test_the_service_refuses_a_beratungsfolge_out_of_order(coordinator):
    paper = CouncilPaperFactory.build(number="2026/071", status=PaperStatus.DRAFT)
    rows = [
        {
            "body_name": "Rat",
            "meeting_date": datetime.date(2026, 12, 1),
            "role": "beschlussfassung",
        },
        {
            "body_name": "Ausschuss",
            "meeting_date": datetime.date(2026, 12, 10),
            "role": "vorberatung",
        },
    ]
    with pytest.raises(RefusedError, match="Nach der Beschlussfassung"):
        paper_save(paper=paper, user=coordinator, consultations=rows)


def test_a_form_with_errors_shows_one_banner(client, coordinator):
    response = _create(
        client,
        coordinator,
        rat=("Rat", "01.12.2026", "beschlussfassung", "1"),
        committee=("Ausschuss", "10.12.2026", "vorberatung", "2"),
    )
    html = response.content.decode()
    assert "Bitte prüfen Sie die markierten Angaben. Es wurde nichts gespeichert." in html
    assert "Bitte die markierten Angaben korrigieren." not in html
    assert html.count('role="alert"') == 1
