"""The public search page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .kinds import category_choices as _category_choices
from .query import MAX_QUERY_LENGTH, MAX_TERMS, parse_query
from .registry import search_kinds
from .selectors import search_promotions, search_site

ECHO_LENGTH = 40


def _echo(value: object) -> str:
    """A visitor's value, shortened for repeating back in a message."""
    value = " ".join(str(value).split())
    return value if len(value) <= ECHO_LENGTH else value[:ECHO_LENGTH] + "…"


def _read_page_number(raw: str | None, notices: list[str]) -> int:
    if raw is None or raw == "":
        return 1
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        notices.append(f"“{_echo(raw)}” is not a page number, so the first page is shown.")
        return 1
    return number


@require_GET
def search(request: HttpRequest) -> TemplateResponse:
    """Search pages, documents and records; every input gives a page, never an error."""
    notices: list[str] = []
    query = parse_query(request.GET.get("q", ""))
    if query.shortened:
        notices.append(
            f"Your search was shortened to the first {MAX_QUERY_LENGTH} characters "
            f"and {MAX_TERMS} words."
        )

    kind_slug = request.GET.get("kind", "")
    if kind_slug and search_kinds.get(kind_slug) is None:
        notices.append(f"There is no “{_echo(kind_slug)}” filter, so all results are shown.")
        kind_slug = ""

    category_choices = _category_choices()
    category = request.GET.get("category", "")
    if category and category not in dict(category_choices):
        notices.append(
            f"There is no “{_echo(category)}” document category, so all results are shown."
        )
        category = ""

    requested_page = _read_page_number(request.GET.get("page"), notices)
    context: dict[str, Any] = {
        "query": query,
        "kind_slug": kind_slug,
        "kinds": search_kinds.all(),
        "category": category,
        "category_choices": category_choices,
        "notices": notices,
        "outcome": None,
        "promotions": [],
        "searched": "q" in request.GET,
        "page_query": urlencode(
            {
                key: value
                for key, value in (("q", query.text), ("kind", kind_slug), ("category", category))
                if value
            }
        ),
    }
    if not query.is_empty:
        outcome = search_site(
            query=query,
            kind_slug=kind_slug or None,
            category=category or None,
            page_number=requested_page,
            site=Site.find_for_request(request),
            request=request,
        )
        notices.extend(outcome.notices)
        if requested_page > outcome.page_number:
            notices.append(
                f"There is no page {requested_page} of these results, "
                f"so page {outcome.page_number} is shown."
            )
        context["outcome"] = outcome
        if outcome.page_number == 1 and not kind_slug and not category:
            context["promotions"] = search_promotions(query.text)
    return TemplateResponse(request, "sitesearch/search.html", context)
