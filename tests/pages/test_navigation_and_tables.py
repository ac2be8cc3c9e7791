"""Section navigation on topic and forum pages, the table block and the related content block."""

import re
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from pages.blocks import DataTableBlock, RelatedContentBlock
from pages.models import StandardPage
from pages.selectors import section_navigation
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

TABLE = {
    "table_caption": "Bali Process ministerial conferences",
    "table_header_choice": "both",
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "data": [
        ["Conference", "Year", "Host"],
        ["First", "2002", "Bali, Indonesia"],
        ["Eighth", "2023", "Adelaide, Australia"],
        [None, "", None],
    ],
}


def page_at(path):
    return Page.objects.get(url_path=f"/home{path}").specific


def section_nav(response):
    """(title, current, nested) of each link in “In this section”, or None when absent."""
    markup = response.content.decode()
    found = re.search(r'<nav class="section-nav"[^>]*>(.*?)</nav>', markup, re.S)
    if found is None:
        return None
    links = []
    depth = 0
    for tag, current, title in re.findall(
        r'(<ul>|</ul>|<a href="[^"]*"( aria-current="page")?>([^<]*)</a>)', found[1]
    ):
        if tag == "<ul>":
            depth += 1
        elif tag == "</ul>":
            depth -= 1
        else:
            links.append((title, bool(current), depth > 1))
    return links


def section(*content):
    return {
        "type": "section",
        "id": str(uuid.uuid4()),
        "value": {"heading": "More", "anchor": "", "content": list(content)},
    }


def publish_standard_page(parent, *content, title="Facts and figures", slug="facts"):
    page = StandardPage(title=title, slug=slug, body=[section(*content)])
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_forum_lists_its_siblings_and_its_working_groups(seeded_site, client):
    links = section_nav(client.get("/bali-process/"))
    assert ("The Bali Process", True, False) in links
    assert ("People smuggling", False, False) in links
    groups = [title for title, _, nested in links if nested]
    assert "Working Group on Trafficking in Persons" in groups and len(groups) == 4


def test_a_topic_lists_the_pages_beside_it(seeded_site, client):
    links = section_nav(client.get("/people-smuggling/"))
    assert [title for title, current, _ in links if current] == ["People smuggling"]
    assert "Human trafficking and modern slavery" in [title for title, _, _ in links]
    assert "Publications" not in [title for title, _, _ in links]  # not shown in menus


def test_unpublished_private_and_unlisted_pages_drop_out(seeded_site, client):
    page_at("/human-trafficking-and-modern-slavery/").unpublish()
    PageViewRestriction.objects.create(
        page=page_at("/contact-us/"), restriction_type=PageViewRestriction.LOGIN
    )
    group = page_at("/bali-process/working-group-trafficking-persons/")
    group.show_in_menus = False
    group.save_revision().publish()
    titles = [title for title, _, _ in section_nav(client.get("/bali-process/"))]
    assert "Human trafficking and modern slavery" not in titles
    assert "Contact us" not in titles
    assert "Working Group on Trafficking in Persons" not in titles
    assert "The Bali Process" in titles


def test_section_navigation_is_one_query(seeded_site):
    forum = page_at("/bali-process/")
    with CaptureQueriesContext(connection) as queries:
        entries = section_navigation(forum)
    assert len(queries.captured_queries) == 1
    assert [entry.page.title for entry in entries if entry.current] == ["The Bali Process"]


def test_a_page_alone_in_its_section_shows_no_section_navigation(seeded_site, client):
    for page in Page.objects.child_of(seeded_site).exclude(url_path__endswith="/bali-process/"):
        page.show_in_menus = False
        page.save()
    Page.objects.child_of(page_at("/bali-process/")).update(show_in_menus=False)
    assert section_nav(client.get("/bali-process/")) is None


def test_a_table_renders_caption_headers_labels_and_summary(seeded_site, client):
    publish_standard_page(
        seeded_site,
        {"type": "table", "value": {"summary": "Each row is a conference.", "table": TABLE}},
    )
    markup = client.get("/facts/").content.decode()
    assert "<caption>Bali Process ministerial conferences</caption>" in markup
    assert markup.count('scope="col"') == 3
    assert '<th scope="row">Eighth</th>' in markup
    assert '<td data-label="Host">Adelaide, Australia</td>' in markup
    summary_id = re.search(r'<p class="data-table__summary" id="([^"]+)">Each row', markup)[1]
    assert f'aria-describedby="{summary_id}"' in markup
    assert markup.count("<tr>") == 3  # the empty row is left out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"table_caption": " "}, "Give the table a caption"),
        (
            {"table_header_choice": "neither", "first_row_is_table_header": False},
            "Choose header cells",
        ),
        ({"data": [[None, ""], ["", None]]}, "The table is empty"),
    ],
)
def test_a_table_needs_a_caption_headers_and_cells(change, message):
    block = DataTableBlock()
    table = {**TABLE, "first_col_is_header": False, **change}
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"summary": "", "table": table}))
    assert message in str(error.value.as_json_data())


def test_related_content_shows_current_titles_and_skips_hidden_pages(seeded_site, client):
    topic = page_at("/people-smuggling/")
    forum = page_at("/bali-process/")
    contact = page_at("/contact-us/")
    key_documents = page_at("/key-documents/")
    publish_standard_page(
        seeded_site,
        {
            "type": "related_content",
            "value": {
                "heading": "",
                "pages": [topic.pk, forum.pk, contact.pk, key_documents.pk],
                "links": [{"title": "Home Affairs", "url": "https://www.homeaffairs.gov.au"}],
            },
        },
    )
    forum.title = "The Bali Process (renamed)"
    forum.save_revision().publish()
    contact.unpublish()
    PageViewRestriction.objects.create(
        page=key_documents, restriction_type=PageViewRestriction.LOGIN
    )
    markup = client.get("/facts/").content.decode()
    block = re.search(r'<div class="related-content">(.*?)</div>', markup, re.S)[1]
    assert "<h3>Related content</h3>" in block
    assert re.findall(r">([^<]+)</a>", block) == [
        "People smuggling",
        "The Bali Process (renamed)",
        "Home Affairs",
    ]


def test_related_content_needs_a_page_or_a_link():
    block = RelatedContentBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"heading": "See also", "pages": [], "links": []}))
    assert "Choose a page or add a link." in str(error.value.as_json_data())


def test_the_page_form_offers_the_table_editor(seeded_site, admin_client, admin_user):
    sign_in_verified(admin_client, admin_user)
    topic = page_at("/people-smuggling/")
    markup = admin_client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk])).content.decode()
    assert "table_block/js/table.js" in markup
    assert finders.find("table_block/js/table.js")  # the app is installed, so it is collected
