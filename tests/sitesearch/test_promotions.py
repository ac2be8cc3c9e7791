"""Editors' promoted results, and the idempotent seed for "Bali Process", "UNTOC" and "OSB"."""

import logging

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from sitesearch.seed import seed_search_promotions

from .conftest import restrict_page

SEARCH_URL = reverse("sitesearch:search")


@pytest.mark.django_db
def test_seed_promotes_existing_pages_and_skips_missing_ones_with_a_log(make_page):
    bali = make_page("Bali Process", "Regional forum.", slug="bali-process")
    osb = make_page("Operation Sovereign Borders", "Border protection.")
    messages = []
    handler = logging.Handler(level=logging.INFO)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("sitesearch.seed")
    logger.addHandler(handler)
    try:
        assert seed_search_promotions() == 2
    finally:
        logger.removeHandler(handler)
    assert any("Search promotion for 'UNTOC' skipped" in message for message in messages)
    promotions = {p.query.query_string: p.page_id for p in SearchPromotion.objects.all()}
    assert promotions == {"bali process": bali.pk, "osb": osb.pk}


@pytest.mark.django_db
def test_seed_is_idempotent(make_page):
    make_page("Bali Process", "Regional forum.", slug="bali-process")
    make_page("UNTOC", "Convention.", slug="untoc")
    seed_search_promotions()
    seed_search_promotions()
    assert SearchPromotion.objects.count() == 2
    assert Query.objects.filter(query_string__in=["bali process", "untoc"]).count() == 2


@pytest.mark.django_db
def test_seed_ignores_unpublished_pages(make_page):
    make_page("Bali Process", "Draft.", slug="bali-process", publish=False)
    assert seed_search_promotions() == 0


@pytest.mark.django_db
def test_a_promotion_is_shown_above_results_for_its_query(client, make_page):
    make_page("Operation Sovereign Borders", "Border protection operation.")
    seed_search_promotions()
    html = client.get(SEARCH_URL, {"q": "  OSB "}).content.decode()
    assert '<h2 id="promoted-heading">Recommended</h2>' in html
    promoted = html.split('id="promoted-heading"')[1].split("</section>")[0]
    assert "Operation Sovereign Borders" in promoted
    assert "border protection operation" in promoted


@pytest.mark.django_db
def test_a_promotion_pointing_at_a_private_or_unpublished_page_is_hidden(client, make_page):
    page = make_page("Bali Process", "Regional forum.", slug="bali-process")
    seed_search_promotions()
    restrict_page(page)
    html = client.get(SEARCH_URL, {"q": "bali process"}).content.decode()
    assert "Recommended" not in html
    assert "Bali Process</a>" not in html


@pytest.mark.django_db
def test_searching_does_not_write_query_records(client, home):
    client.get(SEARCH_URL, {"q": "anything at all"})
    assert not Query.objects.exists()
