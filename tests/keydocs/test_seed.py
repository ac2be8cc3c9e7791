"""The key-document seed data names only official, certain addresses."""

from urllib.parse import urlsplit

from keydocs.models import KeyDocument
from keydocs.seed import UNCONFIRMED_KEY_DOCUMENTS, seed_key_documents

OFFICIAL_HOSTS = {"www.ag.gov.au", "www.legislation.gov.au", "www.unodc.org"}


def test_seed_links_are_https_to_official_publishers():
    links = seed_key_documents()
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
    titles = " ".join(link["title"] for link in seed_key_documents())
    assert "International Engagement Strategy" not in titles
    assert any("International Engagement Strategy" in item for item in UNCONFIRMED_KEY_DOCUMENTS)


def test_seed_returns_fresh_copies():
    first = seed_key_documents()
    first[0]["url"] = "https://example.com/"
    assert seed_key_documents()[0]["url"] != "https://example.com/"
