"""Documents in an S3-compatible object store, chosen by setting (STORAGE_BACKEND and
STORAGE_OPTIONS; django-storages). moto answers the S3 API in the test process, so the real
boto3 client and django-storages' backend do the work: upload, download with the same headers,
deletion once committed."""

from __future__ import annotations

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from measures import document_services

from .factories import PDF_BYTES, MeasureFactory, measure_document

BUCKET = "integrationskonzept-dokumente"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with mock_aws():
        client = boto3.client("s3", region_name="eu-central-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        # as an operator sets it: STORAGE_BACKEND and STORAGE_OPTIONS (settings.py)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-central-1",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


@pytest.mark.django_db(transaction=True)
def test_a_document_is_stored_in_the_bucket_and_downloaded_as_an_attachment(
    s3, client, coordinator
):
    measure = MeasureFactory()
    document = measure_document(measure, user=coordinator)

    keys = _keys(s3)
    assert keys == [document.file.name]
    assert keys[0].startswith("massnahmen/")
    assert s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == PDF_BYTES

    client.force_login(coordinator)
    response = client.get(
        reverse("measures:document", kwargs={"pk": measure.pk, "document_pk": document.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES

    document_services.measure_document_remove(document=document, user=coordinator)
    assert _keys(s3) == []  # deleted once the deletion was committed


@pytest.mark.django_db(transaction=True)
def test_a_refused_upload_leaves_nothing_in_the_bucket(s3, coordinator):
    from django.core.exceptions import ValidationError

    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        measure_document(measure, user=coordinator, name="bericht.pdf", data=EXE_BYTES)
    assert _keys(s3) == []
