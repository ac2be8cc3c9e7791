"""schema.org JSON-LD: a DigitalDocument for each document shown, the department on every page."""

import pytest
from django.utils import timezone

from tests.pages.helpers import get_ok, json_ld

from .conftest import TOKEN


@pytest.mark.django_db
def test_documents_shown_on_a_page_carry_a_digital_document(
    client, private_content, public_document, category
):
    response = get_ok(client, "/publications/")
    blocks = json_ld(response)
    documents = {block["name"]: block for block in blocks if block["@type"] == "DigitalDocument"}
    public_document.refresh_from_db()
    data = documents[public_document.title]
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"http://testserver{public_document.url}"
    assert data["encodingFormat"] == "application/pdf"
    assert data["inLanguage"] == "en-AU"
    assert data["numberOfPages"] == 1
    assert data["sha256"] == public_document.sha256
    assert data["contentSize"] == f"{public_document.file_size} B"
    assert data["dateModified"] == timezone.localdate(public_document.live_since).isoformat()
    assert [block["@type"] for block in blocks].count("GovernmentOrganization") == 1
    assert TOKEN not in response.content.decode().lower()
