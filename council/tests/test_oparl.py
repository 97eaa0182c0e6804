"""The OParl 1.1 export validates against the official schemas and shows only public papers."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft4Validator, FormatChecker

from council.models import PaperStatus
from council.tests.factories import ConsultationFactory, CouncilPaperFactory, with_fake_pdf

SCHEMAS = Path("/work/shared/reference/oparl-1.1.1")
if not SCHEMAS.exists():  # a copy next to the tests keeps CI independent of this machine
    SCHEMAS = Path(__file__).parent / "oparl-1.1.1"

pytestmark = pytest.mark.django_db

checker = FormatChecker()


@checker.checks("url")
def _is_url(value):
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def validate(instance, name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    errors = sorted(Draft4Validator(schema, format_checker=checker).iter_errors(instance), key=str)
    assert errors == [], [e.message for e in errors]


@pytest.fixture
def public_paper():
    paper = with_fake_pdf(
        CouncilPaperFactory(
            number="2018/222/1", title="Handlungskonzept", under_direction_of="Team 50"
        )
    )
    ConsultationFactory(paper=paper, body_name="Sozialausschuss", role="vorberatung")
    ConsultationFactory(paper=paper, body_name="Rat", role="beschlussfassung")
    return paper


def test_paper_validates_against_the_oparl_schemas(client, public_paper):
    data = client.get(reverse("council:oparl-paper", args=[public_paper.pk])).json()
    validate(data, "Paper")
    validate(data["mainFile"], "File")
    for consultation in data["consultation"]:
        validate(consultation, "Consultation")
    assert data["type"] == "https://schema.oparl.org/1.1/Paper"
    assert data["reference"] == "2018/222/1"
    assert data["paperType"] == "Mitteilung"
    assert data["date"] == "2026-05-04"
    assert data["created"] and data["modified"]
    assert data["web"].endswith(public_paper.get_absolute_url())
    assert [(c["role"], c["authoritative"]) for c in data["consultation"]] == [
        ("Vorberatung", False),
        ("Beschlussfassung", True),
    ]
    main = data["mainFile"]
    assert main["mimeType"] == "application/pdf"
    assert main["size"] == public_paper.pdf_size
    assert main["sha512Checksum"] == public_paper.pdf_sha512
    download = client.get(main["accessUrl"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_referenced_objects_exist_and_validate(client, public_paper):
    data = client.get(reverse("council:oparl-paper", args=[public_paper.pk])).json()
    body = client.get(data["body"]).json()
    validate(body, "Body")
    validate(client.get(data["mainFile"]["id"]).json(), "File")
    for url in data["underDirectionOf"] + data["consultation"][0]["organization"]:
        organization = client.get(url)
        assert organization.status_code == 200, url
        validate(organization.json(), "Organization")
    for key in ("organization", "person", "meeting", "paper"):
        assert client.get(body[key]).status_code == 200


def test_list_contains_only_public_released_papers(client, public_paper):
    CouncilPaperFactory(number="2026/801", is_public=False)
    CouncilPaperFactory(number="2026/802", status=PaperStatus.DRAFT)
    data = client.get(reverse("council:oparl-papers")).json()
    assert [p["reference"] for p in data["data"]] == ["2018/222/1"]
    assert data["pagination"]["totalElements"] == 1
    for paper in data["data"]:
        validate(paper, "Paper")


def test_paper_without_pdf_has_no_main_file(client):
    paper = CouncilPaperFactory()
    data = client.get(reverse("council:oparl-paper", args=[paper.pk])).json()
    validate(data, "Paper")
    assert "mainFile" not in data


def test_oparl_list_query_count_is_constant(client, django_assert_num_queries):
    def count(n):
        for _ in range(n):
            ConsultationFactory(paper=CouncilPaperFactory())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("council:oparl-papers"))
        return len(ctx.captured_queries)

    # count, papers of the page, their consultations
    assert count(5) == count(45) == 3


def test_organization_ids_use_german_transliteration(client):
    paper = CouncilPaperFactory(under_direction_of="Team Öffentlichkeit")
    ConsultationFactory(paper=paper, body_name="Ausschuss für Gesellschaft, Soziales und Straßen")
    data = client.get(reverse("council:oparl-paper", args=[paper.pk])).json()
    validate(data, "Paper")
    url = data["consultation"][0]["organization"][0]
    assert url.endswith("/organization/ausschuss-fuer-gesellschaft-soziales-und-strassen")
    assert data["underDirectionOf"][0].endswith("/organization/team-oeffentlichkeit")
    organization = client.get(url)
    assert organization.status_code == 200
    validate(organization.json(), "Organization")
    assert organization.json()["name"] == "Ausschuss für Gesellschaft, Soziales und Straßen"
    # the id of earlier versions ("fur", "straen") moves permanently to the new one
    old = reverse(
        "council:oparl-organization", args=["ausschuss-fur-gesellschaft-soziales-und-straen"]
    )
    moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"].endswith(url.split("/rat", 1)[1])


def test_a_page_beyond_the_last_is_not_found_instead_of_the_first(client, public_paper):
    url = reverse("council:oparl-papers")
    first = client.get(url + "?page=1").json()
    assert first["pagination"]["totalPages"] == 1
    assert "next" not in first["links"]
    assert client.get(url + "?page=2").status_code == 404
    assert client.get(url + "?page=0").status_code == 404
    assert client.get(url + "?page=x").status_code == 404
    assert client.get(url).json()["data"] == first["data"]


def test_consultations_have_their_own_url_that_returns_them(client, public_paper):
    data = client.get(reverse("council:oparl-paper", args=[public_paper.pk])).json()
    assert len(data["consultation"]) == 2
    for embedded in data["consultation"]:
        assert "#" not in embedded["id"]
        response = client.get(embedded["id"])
        assert response.status_code == 200, embedded["id"]
        served = response.json()
        validate(served, "Consultation")
        assert served == embedded
        assert served["paper"] == data["id"]
        [organization] = served["organization"]
        assert client.get(organization).json()["name"] in ("Sozialausschuss", "Rat")


def test_consultations_of_papers_that_are_not_exported_are_not_found(client, public_paper):
    hidden = [
        ConsultationFactory(paper=CouncilPaperFactory(is_public=False)),
        ConsultationFactory(paper=CouncilPaperFactory(status=PaperStatus.DRAFT)),
    ]
    for consultation in hidden:
        url = reverse("council:oparl-consultation", args=[consultation.pk])
        assert client.get(url).status_code == 404
    consultation = public_paper.consultations.first()
    url = reverse("council:oparl-consultation", args=[consultation.pk])
    assert client.get(url).status_code == 200
    public_paper.is_public = False
    public_paper.save()
    assert client.get(url).status_code == 404


OPARL_PREFIX = "http://testserver/rat/oparl/"


def _embedded_objects(value):
    """Every OParl object (a dict with id and type) inside ``value``, not ``value`` itself."""
    children = value.values() if isinstance(value, dict) else value
    for child in children if isinstance(value, dict | list) else ():
        if isinstance(child, dict) and "id" in child and "type" in child:
            yield child
        if isinstance(child, dict | list):
            yield from _embedded_objects(child)


def _urls(value):
    """Every string under ``value`` that points into the OParl export."""
    if isinstance(value, dict | list):
        for child in value.values() if isinstance(value, dict) else value:
            yield from _urls(child)
    elif isinstance(value, str) and value.startswith(OPARL_PREFIX):
        yield value


def test_every_object_of_the_export_validates_and_is_served_at_its_id(client, public_paper):
    """Walk the whole export from the System on: every response and every embedded object
    validates against the schema of its type, and every id is a URL that returns that very
    object (no ``#fragment`` ids that no client can dereference)."""
    other = CouncilPaperFactory(under_direction_of="Team 50")
    ConsultationFactory(paper=other, body_name="Rat", role="beschlussfassung")
    seen, todo, types = set(), ["http://testserver" + reverse("council:oparl-system")], set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response.get("Content-Type") == "application/pdf":
            continue
        data = response.json()
        if "data" in data:  # an external list
            assert set(data) == {"data", "pagination", "links"}, url
            objects = data["data"]
        else:
            objects = [data]
            assert data["id"] == url
        for obj in objects + [o for d in objects for o in _embedded_objects(d)]:
            kind = obj["type"].removeprefix("https://schema.oparl.org/1.1/")
            validate(obj, kind)
            types.add(kind)
            assert obj["id"].startswith(OPARL_PREFIX) and "#" not in obj["id"], obj["id"]
            assert client.get(obj["id"]).json() == obj, obj["id"]
        todo.extend(_urls(data))  # the PDF downloads too
    assert types == {"System", "Body", "Paper", "File", "Consultation", "Organization"}


def test_a_body_name_without_letters_gives_no_organization_instead_of_an_error(client):
    paper = CouncilPaperFactory(under_direction_of="–")
    ConsultationFactory(paper=paper, body_name="–")
    data = client.get(reverse("council:oparl-paper", args=[paper.pk])).json()
    validate(data, "Paper")
    assert data["underDirectionOf"] == [] and data["consultation"][0]["organization"] == []
    assert client.get(reverse("council:oparl-organizations")).json()["data"] == []
