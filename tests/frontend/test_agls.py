"""AGLS (AS 5044) metadata and the schema.org WebPage on every page type."""

import re

import pytest

from pages.models import StandardPage, TopicPage
from tests.pages.helpers import get_ok, json_ld

DEPARTMENT = "Department of Foreign Affairs and Trade"
PAGES = [
    "/",
    "/people-smuggling/",
    "/human-trafficking-and-modern-slavery/",
    "/bali-process/",
    "/bali-process/working-group-trafficking-persons/",
    "/contact-us/",
    "/key-documents/",
]


def agls(markup: str) -> dict[str, tuple[str, str]]:
    """{name: (scheme, content)} of the AGLS meta tags."""
    found = re.findall(
        r'<meta name="((?:DCTERMS|AGLSTERMS)\.[\w.]+)"(?: scheme="([^"]*)")? content="([^"]*)">',
        markup,
    )
    return {name: (scheme, content) for name, scheme, content in found}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_type_has_the_agls_terms(seeded_site, client, url):
    markup = get_ok(client, url).content.decode()
    terms = agls(markup)
    assert '<link rel="schema.DCTERMS" href="http://purl.org/dc/terms/">' in markup
    assert '<link rel="schema.AGLSTERMS" href="http://www.agls.gov.au/agls/terms/">' in markup
    creator = f"corporateName={DEPARTMENT}; jurisdiction=Commonwealth"
    assert terms["DCTERMS.creator"] == ("AGLSTERMS.AglsAgent", creator)
    assert terms["DCTERMS.language"] == ("DCTERMS.RFC5646", "en-AU")
    assert terms["DCTERMS.type"][1] in {"Text", "Collection"}
    for date in ("DCTERMS.created", "DCTERMS.modified"):
        scheme, value = terms[date]
        assert scheme == "DCTERMS.ISO8601" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    assert terms["DCTERMS.title"][1] and terms["DCTERMS.subject"][1]
    assert terms["AGLSTERMS.function"] in {
        ("AGLSTERMS.AGIFT", "International relations"),
        ("AGLSTERMS.AGIFT", "Border control"),
    }
    pages = [item for item in json_ld(get_ok(client, url)) if item.get("@type") == "WebPage"]
    assert len(pages) == 1
    assert pages[0]["dateModified"] == terms["DCTERMS.modified"][1]
    assert pages[0]["datePublished"] == terms["DCTERMS.created"][1]


@pytest.mark.django_db
def test_function_is_the_pages_own_else_its_sections_and_subjects_are_its_topics(
    seeded_site, client
):
    topic = TopicPage.objects.get(slug="people-smuggling")
    child = StandardPage(title="Operation Sovereign Borders", slug="osb")
    topic.add_child(instance=child)
    child.save_revision().publish()
    terms = agls(get_ok(client, child.url).content.decode())
    assert terms["AGLSTERMS.function"][1] == "Border control"
    assert terms["DCTERMS.subject"][1] == "People smuggling"
    assert terms["DCTERMS.type"][1] == "Text"

    child.agls_function = "Law enforcement"
    child.save_revision().publish()
    assert agls(get_ok(client, child.url).content.decode())["AGLSTERMS.function"][1] == (
        "Law enforcement"
    )

    home_terms = agls(get_ok(client, "/").content.decode())
    assert home_terms["AGLSTERMS.function"][1] == "International relations"
    assert home_terms["DCTERMS.type"][1] == "Collection"
    forum_terms = agls(get_ok(client, "/bali-process/").content.decode())
    assert forum_terms["DCTERMS.subject"][1] == (
        "People smuggling; Human trafficking and modern slavery"
    )


@pytest.mark.django_db
def test_agls_values_are_escaped(seeded_site, client):
    page = StandardPage(title='Rules "quoted" <b>', slug="quoted", agls_function='A "b" <c>')
    seeded_site.add_child(instance=page)
    page.save_revision().publish()
    markup = get_ok(client, page.url).content.decode()
    assert 'content="Rules &quot;quoted&quot; &lt;b&gt;"' in markup
    assert 'content="A &quot;b&quot; &lt;c&gt;"' in markup
