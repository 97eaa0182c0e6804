"""After a failed save every form page starts with one summary of what is wrong, each error
linked to its field (the browser focuses it: tests/browser/test_foundation.py)."""

import re

import pytest
from django.urls import reverse

from measures.tests.factories import MeasureFactory


def summary(html):
    match = re.search(r'<div class="alert alert-danger error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return match.group(1)


@pytest.mark.django_db
def test_measure_form_summary_links_each_error_to_its_field(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("measures:create"), {"number": "", "title": "", "progress": "x"})
    assert response.status_code == 200
    box = summary(response.content.decode())
    assert "Es wurde nichts gespeichert." in box
    assert 'href="#id_title"' in box
    assert 'href="#id_action_field"' in box
    assert 'href="#id_progress"' in box


@pytest.mark.django_db
def test_a_checkbox_group_error_links_to_its_first_checkbox(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("measures:create"), {"title": "x", "partners": "999999"})
    assert 'href="#id_partners_0"' in summary(response.content.decode())


@pytest.mark.django_db
def test_report_form_summary_names_the_field_and_the_message(client, coordinator):
    measure = MeasureFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:report", args=[measure.pk]), {"status": "in_progress", "progress": "150"}
    )
    box = summary(response.content.decode())
    assert re.search(r'<a class="alert-link" href="#id_progress">Fortschritt[^:]*: [^<]+</a>', box)


@pytest.mark.django_db
def test_concept_forms_share_the_summary(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("concept:actor_create"), {"name": ""})
    assert 'href="#id_name"' in summary(response.content.decode())


@pytest.mark.django_db
def test_no_summary_without_errors(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("measures:create")).content.decode()
    assert "alert-danger error-summary" not in html


@pytest.mark.django_db
def test_forms_explain_the_asterisk_of_required_fields(client, coordinator):
    client.force_login(coordinator)
    measure = MeasureFactory()
    for url in (
        reverse("measures:create"),
        reverse("measures:report", args=[measure.pk]),
        reverse("concept:actor_create"),
        reverse("evaluation:cycle_create"),
    ):
        assert (
            "Mit * markierte Felder müssen ausgefüllt werden." in client.get(url).content.decode()
        )
