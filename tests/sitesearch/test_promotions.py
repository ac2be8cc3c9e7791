"""Editors' promoted results, and the idempotent seed for "Bali Process", "UNTOC" and "OSB"."""

import logging

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page

from content.loader import seed_search_promotions

from .conftest import restrict_page

SEARCH_URL = reverse("sitesearch:search")


def seeded_page(slug):
    return Page.objects.get(slug=slug)


def promoted_pages():
    return {
        p.query.query_string: p.page_id for p in SearchPromotion.objects.select_related("query")
    }


@pytest.mark.django_db
def test_the_seeded_site_promotes_the_section_pages(home):
    assert promoted_pages() == {
        "bali process": seeded_page("bali-process").pk,
        "untoc": seeded_page("people-smuggling").pk,
        "osb": seeded_page("people-smuggling").pk,
    }


@pytest.mark.django_db
def test_seed_falls_back_to_the_next_page_and_skips_missing_ones_with_a_log(home):
    SearchPromotion.objects.all().delete()
    seeded_page("people-smuggling").unpublish()
    messages = []
    handler = logging.Handler(level=logging.INFO)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("content.loader")
    logger.addHandler(handler)
    try:
        assert seed_search_promotions() == 2
    finally:
        logger.removeHandler(handler)
    assert any("Search promotion for 'OSB' skipped" in message for message in messages)
    assert promoted_pages() == {
        "bali process": seeded_page("bali-process").pk,
        "untoc": seeded_page("key-documents").pk,
    }


@pytest.mark.django_db
def test_seed_is_idempotent(home):
    before = set(SearchPromotion.objects.values_list("pk", "query_id", "page_id", "description"))
    assert seed_search_promotions() == 3
    assert seed_search_promotions() == 3
    after = set(SearchPromotion.objects.values_list("pk", "query_id", "page_id", "description"))
    assert after == before
    assert len(after) == 3
    assert Query.objects.filter(query_string__in=["bali process", "untoc", "osb"]).count() == 3


@pytest.mark.django_db
def test_seed_ignores_unpublished_pages(home):
    SearchPromotion.objects.all().delete()
    seeded_page("bali-process").unpublish()
    assert seed_search_promotions() == 2
    assert "bali process" not in promoted_pages()


@pytest.mark.django_db
def test_a_promotion_is_shown_above_results_for_its_query(client, home):
    html = client.get(SEARCH_URL, {"q": "  OSB "}).content.decode()
    assert '<h2 id="promoted-heading">Recommended</h2>' in html
    promoted = html.split('id="promoted-heading"')[1].split("</section>")[0]
    people_smuggling = seeded_page("people-smuggling")
    assert f'<a href="{people_smuggling.url}">{people_smuggling.title}</a>' in promoted
    assert "the military-led border security operation established in 2013" in promoted


@pytest.mark.django_db
@pytest.mark.parametrize("hide", [restrict_page, Page.unpublish], ids=["private", "unpublished"])
def test_a_promotion_pointing_at_a_private_or_unpublished_page_is_hidden(client, home, hide):
    page = seeded_page("bali-process")
    assert "Recommended" in client.get(SEARCH_URL, {"q": "bali process"}).content.decode()
    hide(page)
    html = client.get(SEARCH_URL, {"q": "bali process"}).content.decode()
    assert "Recommended" not in html
    assert f'href="{page.url}"' not in html


@pytest.mark.django_db
def test_searching_does_not_write_query_records(client, home):
    queries_before = set(Query.objects.values_list("pk", "query_string"))
    assert queries_before, "the seeded promotions' queries exist"
    for words in ("OSB", "bali process", "anything at all"):
        assert client.get(SEARCH_URL, {"q": words}).status_code == 200
    assert set(Query.objects.values_list("pk", "query_string")) == queries_before
    assert not QueryDailyHits.objects.exists()
