"""Seeds editors' promoted results for acronyms and common names. Safe to run repeatedly."""

from __future__ import annotations

import logging

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

logger = logging.getLogger(__name__)

# (query, slugs or titles of the page to promote, in order of preference, description)
SEARCH_PROMOTIONS = [
    (
        "Bali Process",
        ["bali-process", "Bali Process"],
        "The Bali Process on People Smuggling, Trafficking in Persons and Related "
        "Transnational Crime.",
    ),
    (
        "UNTOC",
        ["people-smuggling", "key-documents"],
        "Australia is a State party to the United Nations Convention against Transnational "
        "Organised Crime (UNTOC) and its Protocol against the Smuggling of Migrants.",
    ),
    (
        "OSB",
        ["people-smuggling"],
        "Operation Sovereign Borders (OSB), the military-led border security operation "
        "established in 2013.",
    ),
]


def _find_page(identifiers: list[str]) -> Page | None:
    live_pages = Page.objects.live().public()
    for identifier in identifiers:
        page = (
            live_pages.filter(slug=identifier).first()
            or live_pages.filter(title__iexact=identifier).first()
        )
        if page is not None:
            return page
    return None


@transaction.atomic
def seed_search_promotions() -> int:
    """Promote the page for each seeded query; skip (and log) queries whose page is missing.

    Returns the number of promotions that exist for the seeded queries after the run.
    """
    seeded = 0
    for query_string, identifiers, description in SEARCH_PROMOTIONS:
        page = _find_page(identifiers)
        if page is None:
            logger.info(
                "Search promotion for %r skipped: no live page %r", query_string, identifiers
            )
            continue
        query = Query.get(query_string)
        SearchPromotion.objects.update_or_create(
            query=query,
            page=page,
            defaults={"description": description, "sort_order": 0},
        )
        seeded += 1
    return seeded
