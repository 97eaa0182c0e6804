"""The whole OParl export at edge cases: entry point, every list, every page, filters."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse

from council.models import PaperStatus
from council.tests.factories import ConsultationFactory, CouncilPaperFactory, with_fake_pdf
from council.tests.test_oparl import validate

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return json.loads(response.content.decode("utf-8"))


def walk(client, url) -> list[dict]:
    """Every page of a list from ``url`` on, following ``links.next``; returns all pages."""
    pages = []
    while url:
        page = get_json(client, url)
        pages.append(page)
        for link in page["links"].values():
            assert link.startswith("http://testserver/"), link
        url = page["links"].get("next")
    return pages


def test_the_system_is_the_entry_point_and_leads_to_the_body(client):
    paper = ConsultationFactory(body_name="Rat").paper
    system = get_json(client, reverse("council:oparl-system"))
    validate(system, "System")
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["created"] and system["modified"]
    bodies = get_json(client, system["body"])
    [body] = bodies["data"]
    validate(body, "Body")
    assert body["system"] == system["id"]
    assert get_json(client, body["system"]) == system
    assert get_json(client, body["paper"])["data"][0]["reference"] == paper.number


def test_the_paper_list_pages_through_every_exported_paper_once(client):
    for n in range(120):
        CouncilPaperFactory(number=f"2026/{n + 100:03d}")
    CouncilPaperFactory(number="2026/900", is_public=False)
    CouncilPaperFactory(number="2026/901", status=PaperStatus.DRAFT)
    pages = walk(client, reverse("council:oparl-papers"))
    assert [p["pagination"]["currentPage"] for p in pages] == [1, 2, 3]
    assert {p["pagination"]["totalPages"] for p in pages} == {3}
    assert {p["pagination"]["totalElements"] for p in pages} == {120}
    assert [len(p["data"]) for p in pages] == [50, 50, 20]
    references = [paper["reference"] for p in pages for paper in p["data"]]
    assert len(set(references)) == 120 and "2026/900" not in references
    assert "prev" not in pages[0]["links"] and "next" not in pages[-1]["links"]
    assert pages[2]["links"]["prev"].endswith("page=2")
    for paper in pages[1]["data"]:
        validate(paper, "Paper")


def test_the_paper_list_filters_by_creation_and_change_and_keeps_the_filter_in_its_links(client):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        old = [CouncilPaperFactory() for _ in range(3)]
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        new = [CouncilPaperFactory() for _ in range(60)]
    url = reverse("council:oparl-papers")

    def references(query):
        return [p["reference"] for page in walk(client, url + query) for p in page["data"]]

    assert references("?created_until=2026-04-01T00:00:00%2B00:00") == [p.number for p in old]
    since = references("?modified_since=2026-05-01T00:00:00Z")
    assert since == [p.number for p in new]  # two pages, the filter kept on the second
    page = get_json(client, url + "?modified_since=2026-05-01")
    assert "modified_since=2026-05-01" in page["links"]["next"]
    assert page["pagination"]["totalElements"] == 60
    assert get_json(client, url + "?created_since=2027-01-01")["data"] == []
    error = get_json(client, url + "?modified_since=gestern", status=400)
    assert "modified_since" in error["error"]


def test_an_empty_export_gives_valid_empty_lists(client):
    CouncilPaperFactory(is_public=False)
    body = get_json(client, reverse("council:oparl-body"))
    validate(body, "Body")
    for key in ("paper", "organization", "person", "meeting"):
        page = get_json(client, body[key])
        assert page["data"] == [] and page["pagination"]["totalElements"] == 0, key


def test_umlauts_papers_without_file_or_consultation_and_organizations_validate(client):
    bare = CouncilPaperFactory(title="Übergänge für Geflüchtete – Größe & „Maß“")
    with_pdf = with_fake_pdf(CouncilPaperFactory(under_direction_of="Büro für Gleichstellung"))
    ConsultationFactory(paper=with_pdf, body_name="Ausschuss für Jugend, Schule und Sport")
    response = client.get(reverse("council:oparl-paper", args=[bare.pk]))
    assert "Übergänge für Geflüchtete – Größe & „Maß“".encode() in response.content
    data = response.json()
    validate(data, "Paper")
    assert "mainFile" not in data and data["consultation"] == []
    assert data["underDirectionOf"] == []
    organizations = get_json(client, reverse("council:oparl-organizations"))["data"]
    assert {o["name"] for o in organizations} == {
        "Büro für Gleichstellung",
        "Ausschuss für Jugend, Schule und Sport",
    }
    for organization in organizations:
        validate(organization, "Organization")
        assert organization["created"] and organization["modified"]
        assert get_json(client, organization["id"]) == organization
    assert get_json(client, reverse("council:oparl-file", args=[with_pdf.pk]))["size"] > 0
    assert client.get(reverse("council:oparl-file", args=[bare.pk])).status_code == 404


def test_every_list_entry_validates_against_its_schema(client):
    paper = with_fake_pdf(CouncilPaperFactory(under_direction_of="Team 50"))
    ConsultationFactory(paper=paper, body_name="Rat", role="beschlussfassung")
    body = get_json(client, reverse("council:oparl-body"))
    for key, schema in (("paper", "Paper"), ("organization", "Organization")):
        for page in walk(client, body[key]):
            for entry in page["data"]:
                validate(entry, schema)
    for entry in get_json(client, get_json(client, body["system"])["body"])["data"]:
        validate(entry, "Body")
