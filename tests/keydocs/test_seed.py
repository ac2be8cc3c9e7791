"""The key-document seed data names only official, certain addresses."""

from urllib.parse import urlsplit

from content.loader import key_document_links, unconfirmed_key_documents
from keydocs.models import KeyDocument

OFFICIAL_HOSTS = {"www.ag.gov.au", "www.legislation.gov.au", "www.unodc.org"}


def test_seed_links_are_https_to_official_publishers():
    links = key_document_links()
    assert {link["title"] for link in links} == {
        "National Action Plan to Combat Modern Slavery 2020–25",
        "Modern Slavery Act 2018",
        "United Nations Convention against Transnational Organized Crime",
    }
    for link in links:
        parts = urlsplit(link["url"])
        assert parts.scheme == "https" and parts.hostname in OFFICIAL_HOSTS
        assert link["document_type"] in KeyDocument.DocumentType.values
        assert link["publisher_name"] and link["category_slug"]
    act = next(link for link in links if link["title"] == "Modern Slavery Act 2018")
    assert "C2018A00153" in act["url"]


def test_unconfirmed_documents_have_no_link():
    titles = " ".join(link["title"] for link in key_document_links())
    assert "International Engagement Strategy" not in titles
    assert any("International Engagement Strategy" in item for item in unconfirmed_key_documents())


def test_seed_returns_fresh_copies():
    first = key_document_links()
    first[0]["url"] = "https://example.com/"
    assert key_document_links()[0]["url"] != "https://example.com/"
