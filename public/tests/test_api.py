"""Issue #21 (3): the read-only JSON API /api/v1/: published data only, conditional GET,
CORS, an OpenAPI 3.1 document that matches what the API returns."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.tests.factories import action_field
from council.tests.factories import adopted_revision
from measures.models import MeasureStatus
from measures.report_services import measure_report_status
from measures.tests.factories import MeasureFactory
from participation.services import publication_update
from public import open_data, openapi

INDEX = "/api/v1/"
MEASURES = "/api/v1/measures/"
FIELDS = "/api/v1/action-fields/"
OPENAPI = "/api/v1/openapi.json"
FORBIDDEN = {"email", "phone", "contact_person", "notes", "staff_actor", "reported_by", "author"}


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Willkommen.")


@pytest.fixture
def edition(coordinator):
    MeasureFactory(number="1.1", title="Sprachcafé", status=MeasureStatus.IN_PROGRESS)
    MeasureFactory(number="1.2", title="Elterncafé", status=MeasureStatus.PLANNED)
    return adopted_revision(coordinator, title="Erstfassung")


def _get(client, url, **headers):
    return client.get(url, headers=headers)


def test_urls_are_under_api_v1():
    assert reverse("public_api:index") == INDEX
    assert reverse("public_api:measure", args=["1.1"]) == "/api/v1/measures/1.1/"


@pytest.mark.parametrize("url", [INDEX, MEASURES, FIELDS, OPENAPI, "/api/v1/measures/1.1/"])
def test_every_answer_is_json_cacheable_and_open_to_every_origin(client, published, edition, url):
    response = _get(client, url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")


def test_the_list_is_the_json_download(client, published, edition):
    data = _get(client, MEASURES).json()
    assert data == _get(client, reverse("public:json_export")).json()
    assert [m["number"] for m in data["measures"]] == ["1.1", "1.2"]
    for record in data["measures"]:
        assert set(record) == set(open_data.MEASURE_KEYS) and not FORBIDDEN & set(record)


def test_one_measure_and_404_json_for_one_not_shown(client, published, edition):
    assert _get(client, "/api/v1/measures/1.1/").json()["title"] == "Sprachcafé"
    MeasureFactory(number="1.9")  # created after the adoption: not on the page
    for number in ("1.9", "9.99"):
        response = _get(client, f"/api/v1/measures/{number}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "not_found"
        assert "ETag" not in response


def test_action_fields_count_measures_per_status(client, published, edition):
    (field,) = [f for f in _get(client, FIELDS).json()["action_fields"] if f["number"] == 1]
    assert set(field) == set(open_data.ACTION_FIELD_KEYS)
    assert field["measure_count"] == 2 and field["dropped_count"] == 0
    assert field["status_counts"][MeasureStatus.IN_PROGRESS] == 1
    assert field["status_counts"][MeasureStatus.PLANNED] == 1


def test_the_index_links_to_every_resource(client, published, edition):
    links = _get(client, INDEX).json()["links"]
    assert links["measures"] == "http://testserver/api/v1/measures/"
    for url in links.values():
        assert _get(client, url.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("url", [INDEX, MEASURES, FIELDS, OPENAPI, "/api/v1/measures/1.1/"])
def test_unpublished_every_address_answers_404(client, coordinator, edition, url):
    client.force_login(coordinator)  # not even the coordination: no preview in the API
    response = _get(client, url)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_conditional_get_answers_304(client, published, edition):
    first = _get(client, MEASURES)
    again = _get(client, MEASURES, if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["Access-Control-Allow-Origin"] == "*"
    since = _get(client, MEASURES, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    assert _get(client, MEASURES, if_none_match='"other"').status_code == 200
    # a measure the page does not show stays 404, however the client asks
    bogus = _get(client, "/api/v1/measures/9.99/", if_modified_since=first["Last-Modified"])
    assert bogus.status_code == 404 and "Last-Modified" not in bogus


def test_a_status_report_changes_the_api_at_once(client, published, edition, coordinator):
    first = _get(client, "/api/v1/measures/1.1/")
    assert first.json()["status"] == MeasureStatus.IN_PROGRESS  # now in the cache
    measure = MeasureFactory._meta.model.objects.get(number="1.1")
    measure_report_status(
        measure=measure, user=coordinator, status=MeasureStatus.DELAYED, progress=60
    )
    after = _get(client, "/api/v1/measures/1.1/", if_none_match=first["ETag"])
    assert after.status_code == 200
    assert after.json()["status"] == MeasureStatus.DELAYED and after.json()["progress"] == 60
    assert after["ETag"] != first["ETag"]
    assert after.json()["last_report"] is not None


def test_queries_are_constant_at_two_sizes(
    client, published, coordinator, django_assert_max_num_queries
):
    def build(count):
        for _ in range(count):
            MeasureFactory(action_field=action_field(2))
        adopted_revision(coordinator)

    counts = []
    for size in (2, 20):
        build(size)
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert len(_get(client, MEASURES).json()["measures"]) >= size
        counts.append(len(ctx.captured_queries))
        with django_assert_max_num_queries(2):  # cached: the switch and the data version
            _get(client, MEASURES)
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        cache.clear()
        _get(client, FIELDS)


# The OpenAPI document ----------------------------------------------------------------------


def _schema(document, ref):
    return document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_openapi_document_is_3_1_with_info_paths_and_schemas(client, published):
    document = _get(client, OPENAPI).json()
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    assert document["info"]["title"] and document["info"]["version"]
    assert document["info"]["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert document["paths"] and document["components"]["schemas"]
    assert document == openapi.document()


def test_every_path_in_the_openapi_document_answers(client, published, edition):
    for path in _get(client, OPENAPI).json()["paths"]:
        if "{number}" in path:
            assert _get(client, path.replace("{number}", "1.1")).status_code == 200
            assert _get(client, path.replace("{number}", "bogus")).status_code == 404
        else:
            assert _get(client, path).status_code == 200, path


def test_every_schema_matches_the_keys_the_api_returns(client, published, edition):
    document = _get(client, OPENAPI).json()
    for path, item in document["paths"].items():
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" not in schema:
            continue
        url = path.replace("{number}", "1.1")
        body = _get(client, url).json()
        declared = _schema(document, schema)
        assert set(declared["properties"]) == set(body), path
        for key, prop in declared["properties"].items():
            if "$ref" in prop and isinstance(body[key], dict):
                assert set(_schema(document, prop)["properties"]) == set(body[key]), key
            items = prop.get("items", {})
            if "$ref" in items:
                for element in body[key]:
                    assert set(_schema(document, items)["properties"]) == set(element), key
    error = _get(client, "/api/v1/measures/bogus/").json()
    assert set(document["components"]["schemas"]["Error"]["properties"]) == set(error)


def test_a_browser_preflight_is_answered_and_writes_are_refused(client, published, edition):
    preflight = client.options(MEASURES)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "ETag" in _get(client, MEASURES)["Access-Control-Expose-Headers"]
    assert client.post(MEASURES).status_code == 405
    assert client.head(MEASURES).status_code == 200
