"""Media on a real S3-compatible server (moto_server): upload, replace, private documents, download.

The bucket is private; the only URLs to objects the app hands out are signed and expire, and a
restricted document is never given one: it is streamed after its permission check.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from botocore.config import Config
from wagtail.models import Collection, CollectionViewRestriction

from keydocs.services import document_replace, document_upload
from tests.keydocs.conftest import make_pdf, upload
from tests.support.servers import S3Server

EXPIRES = 60
pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(s3_server: S3Server, settings: Any) -> Iterator[Any]:
    """A fresh private bucket on the S3 server, with the default storage pointed at it."""
    name = f"portal-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint_url,
        aws_access_key_id=s3_server.access_key,
        aws_secret_access_key=s3_server.secret_key,
        region_name=s3_server.region,
        config=Config(connect_timeout=5, read_timeout=30),
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": s3_server.region}
    )
    # As portal/settings/base.py configures it from AWS_STORAGE_BUCKET_NAME and friends.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_server.endpoint_url
    settings.AWS_S3_REGION_NAME = s3_server.region
    settings.AWS_ACCESS_KEY_ID = s3_server.access_key
    settings.AWS_SECRET_ACCESS_KEY = s3_server.secret_key
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.AWS_S3_CUSTOM_DOMAIN = None
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_S3_CLIENT_CONFIG = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path"},
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
    )
    settings.AWS_QUERYSTRING_EXPIRE = EXPIRES
    settings.PORTAL_DOCUMENT_DOWNLOAD = "redirect"
    client.bucket = name
    yield client


def keys(bucket: Any) -> set[str]:
    listing = bucket.list_objects_v2(Bucket=bucket.bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_an_upload_is_stored_in_the_bucket_and_linked_through_the_app(
    bucket: Any, approve_document: Any
) -> None:
    content = make_pdf(pages=2)
    document = document_upload(
        uploaded_file=upload("annual-report.pdf", content, "application/pdf"),
        title="Annual report",
    )
    document = approve_document(document)
    assert document.file.name in keys(bucket)
    stored = bucket.get_object(Bucket=bucket.bucket, Key=document.file.name)["Body"].read()
    assert stored == content
    # Pages link to the app's serve view, never to the object.
    assert document.url == f"/documents/{document.pk}/annual-report.pdf"
    # The object itself is not public.
    status, _ = fetch(f"{bucket.meta.endpoint_url}/{bucket.bucket}/{document.file.name}")
    assert status == 403


def test_a_public_download_redirects_to_a_short_lived_signed_url(
    bucket: Any, approve_document: Any, client: Any
) -> None:
    content = make_pdf(pages=1)
    document = document_upload(
        uploaded_file=upload("plan.pdf", content, "application/pdf"), title="Plan"
    )
    document = approve_document(document)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = parse_qs(urlparse(location).query)
    assert query["X-Amz-Expires"] == [str(EXPIRES)]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("inline;")
    status, body = fetch(location)
    assert status == 200
    assert body == content
    # Without its signature the same address is refused: the object is not public.
    assert fetch(location.split("?", 1)[0])[0] == 403


def test_a_public_download_can_be_streamed_instead(
    bucket: Any, approve_document: Any, client: Any, settings: Any
) -> None:
    settings.PORTAL_DOCUMENT_DOWNLOAD = "stream"
    content = make_pdf(pages=1)
    document = document_upload(
        uploaded_file=upload("plan.pdf", content, "application/pdf"), title="Plan"
    )
    document = approve_document(document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "Location" not in response


def test_a_replaced_file_is_stored_and_the_old_object_removed_on_commit(
    bucket: Any, approve_document: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = document_upload(
        uploaded_file=upload("report.pdf", make_pdf(pages=1, text="First"), "application/pdf"),
        title="Report",
    )
    document = approve_document(document)
    old_key = document.file.name
    new_content = make_pdf(pages=2, text="Second edition")
    with django_capture_on_commit_callbacks(execute=True):
        document_replace(
            document=document,
            uploaded_file=upload("report.pdf", new_content, "application/pdf"),
        )
    document = approve_document(document)
    assert document.file.name != old_key
    assert keys(bucket) == {document.file.name}
    response = client.get(document.url)
    assert response.status_code == 302
    assert fetch(response["Location"]) == (200, new_content)


def test_a_private_document_is_streamed_after_its_check_and_never_given_an_object_url(
    bucket: Any, approve_document: Any, client: Any, django_user_model: Any
) -> None:
    root = Collection.get_first_root_node()
    private = root.add_child(name="Restricted briefings")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    content = make_pdf(pages=1, text="Restricted")
    document = document_upload(
        uploaded_file=upload("briefing.pdf", content, "application/pdf"),
        title="Briefing",
        collection=private,
    )
    document = approve_document(document)
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert bucket.bucket not in anonymous["Location"]
    assert "X-Amz" not in anonymous["Location"]

    reader = django_user_model.objects.create_user("reader", "reader@example.gov.au", "pw")
    client.force_login(reader)
    signed_in = client.get(document.url)
    assert signed_in.status_code == 200
    assert "Location" not in signed_in
    assert signed_in["Cache-Control"] == "private, no-store"
    assert b"".join(signed_in.streaming_content) == content
    # The object is in the bucket, and unreachable without a signature.
    status, _ = fetch(f"{bucket.meta.endpoint_url}/{bucket.bucket}/{document.file.name}")
    assert status == 403


def test_deleting_a_document_removes_its_object(
    bucket: Any, approve_document: Any, django_capture_on_commit_callbacks: Any
) -> None:
    document = document_upload(
        uploaded_file=upload("old.pdf", make_pdf(pages=1), "application/pdf"), title="Old"
    )
    document = approve_document(document)
    assert document.file.name in keys(bucket)
    # Wagtail queues the deletion with the storage's constructor arguments (as JSON).
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert keys(bucket) == set()
