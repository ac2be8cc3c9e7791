"""Atom feeds, read by a real feed client (feedparser): well-formed, public content only."""

import feedparser
import pytest
from django.test import Client

from pages.models import StandardPage
from tests.caching.conftest import PageCacheClientHandler

from .conftest import TOKEN, publish

FEEDS = ["/feeds/documents/", "/feeds/updates/"]


def parse(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.django_db
def test_every_feed_is_well_formed_and_leaves_out_private_and_draft_content(
    client, private_content, public_document, category
):
    topic = private_content["topic"]
    urls = [
        *FEEDS,
        f"/feeds/documents/?category={category.slug}",
        f"/feeds/updates/?topic={topic.slug}",
    ]
    for url in urls:
        response = client.get(url)
        feed = parse(response)
        assert feed.entries, url
        assert TOKEN not in response.content.decode().lower(), url
        for entry in feed.entries:
            assert entry.title and entry.link and entry.updated_parsed


@pytest.mark.django_db
def test_documents_feed_lists_new_and_updated_documents_by_category(
    client, private_content, public_document, category, make_document
):
    other = make_document("Uncategorised note")
    feed = parse(client.get("/feeds/documents/"))
    titles = [entry.title for entry in feed.entries]
    assert titles[:2] == [other.title, public_document.title]
    assert public_document.url in feed.entries[1].link
    assert feed.entries[1].tags[0].term == category.name

    by_category = parse(client.get(f"/feeds/documents/?category={category.slug}"))
    assert public_document.title in [entry.title for entry in by_category.entries]
    assert other.title not in [entry.title for entry in by_category.entries]
    assert category.name in by_category.feed.title

    assert client.get("/feeds/documents/?category=no-such-category").status_code == 404
    draft_category = f"/feeds/documents/?category=category-{TOKEN}"
    assert client.get(draft_category).status_code == 404


@pytest.mark.django_db
def test_page_updates_feed_gives_change_notes_site_wide_and_per_topic(client, private_content):
    topic = private_content["topic"]
    page = StandardPage(title="Travel advice changes", slug="travel-advice-changes")
    topic.add_child(instance=page)
    publish(page)
    page.change_type = "major"
    page.change_note = "Added the new visa rules."
    publish(page)
    page.change_note = f"Draft note {TOKEN}"
    page.save_revision()
    page.change_type = "minor"
    page.change_note = ""
    publish(page)

    site_wide = parse(client.get("/feeds/updates/"))
    first, second = site_wide.entries[:2]
    assert first.title == page.title
    assert first.summary == "Added the new visa rules."
    assert first.link.endswith(page.url)
    assert second.title == page.title
    assert second.summary == "First published."
    assert first.id != second.id
    assert [entry.title for entry in site_wide.entries].count(page.title) == 2  # minor: no entry

    per_topic = parse(client.get(f"/feeds/updates/?topic={topic.slug}"))
    assert per_topic.entries[0].title == page.title
    other_sections = {p.title for p in topic.get_siblings(inclusive=False)}
    assert not other_sections & {entry.title for entry in per_topic.entries}
    assert topic.title in per_topic.feed.title

    assert client.get("/feeds/updates/?topic=no-such-topic").status_code == 404
    restricted = private_content["restricted"]
    assert client.get(f"/feeds/updates/?topic={restricted.slug}").status_code == 404


@pytest.mark.django_db
def test_page_updates_feed_escapes_change_notes(client, seeded_site):
    page = StandardPage(
        title="Notes with markup",
        slug="notes-with-markup",
        change_type="major",
        change_note='<script>alert("x")</script> & more',
    )
    seeded_site.add_child(instance=page)
    publish(page)
    response = client.get("/feeds/updates/")
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content
    assert parse(response).entries[0].title == page.title


@pytest.mark.django_db
def test_pages_link_to_the_feeds_for_autodiscovery(client, private_content):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/documents/"' in home
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/updates/"' in home
    topic = private_content["topic"]
    html = client.get(topic.url).content.decode()
    assert f'href="/feeds/updates/?topic={topic.slug}"' in html


@pytest.mark.django_db
def test_feeds_are_cached_and_purged_like_pages(private_content, public_document, make_document):
    anonymous = Client()
    anonymous.handler = PageCacheClientHandler()
    for url in FEEDS:
        assert anonymous.get(url)["X-Portal-Cache"] == "miss"
        assert anonymous.get(url)["X-Portal-Cache"] == "hit"

    page = StandardPage(title="Newly published page", slug="newly-published-page")
    private_content["topic"].add_child(instance=page)
    publish(page)
    response = anonymous.get("/feeds/updates/")
    assert response["X-Portal-Cache"] == "miss"
    assert b"Newly published page" in response.content

    make_document("A brand new document")
    response = anonymous.get("/feeds/documents/")
    assert response["X-Portal-Cache"] == "miss"
    assert b"A brand new document" in response.content
    assert anonymous.get("/sitemap.xml")["X-Portal-Cache"] == "miss"
    assert anonymous.get("/sitemap.xml")["X-Portal-Cache"] == "hit"
