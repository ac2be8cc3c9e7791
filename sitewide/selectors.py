"""Reads of the site settings for the public templates."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from .models import PortalSettings


@dataclass(frozen=True)
class NavItem:
    """One link of a navigation menu; `current` when it is the page being read."""

    label: str
    url: str
    current: bool = False


def portal_settings_for_request(request: HttpRequest) -> PortalSettings | None:
    """The PortalSettings of the site serving `request`, or None when no site matches."""
    if Site.find_for_request(request) is None:
        return None
    return PortalSettings.for_request(request)


def accessible_format_url(portal_settings: PortalSettings | None) -> str:
    """Where the public asks for a document in another format.

    The live page chosen in the site settings, falling back to PORTAL_ACCESSIBLE_FORMAT_URL.
    """
    page = portal_settings.accessible_format_page if portal_settings is not None else None
    if page is not None and page.live and page.url:
        return page.url
    return settings.PORTAL_ACCESSIBLE_FORMAT_URL


def department_name(portal_settings: PortalSettings | None) -> str:
    """The department name from the site settings, falling back to PORTAL_DEPARTMENT_NAME."""
    if portal_settings is not None and portal_settings.department_name:
        return portal_settings.department_name
    return settings.PORTAL_DEPARTMENT_NAME


LINK_FIELDS = ("id", "title", "path", "depth", "url_path", "locale_id")
"""The page columns a link needs (`pageurl` and the title), for `.only()` on menus and lists."""


def live_public(pages: PageQuerySet) -> PageQuerySet:
    """`pages` narrowed to live pages outside every private section, in one query.

    The same pages as Wagtail's `.live().public()`, whose privacy filter first reads every view
    restriction in a query of its own; here the restrictions are a subquery of the one query.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"), output_field=CharField())
    )
    return pages.live().filter(~Exists(restricted))


def live_public_pages() -> PageQuerySet:
    """Live pages outside every private section, in one query (see `live_public`)."""
    return live_public(Page.objects.all())


def main_navigation(portal_settings: PortalSettings | None, request: HttpRequest) -> list[NavItem]:
    """The main navigation's links in the editor's order, with the page being read marked.

    Pages are named by their current title unless the editor gave a label; pages that are not
    live or are private are left out. One query, and none for a menu without pages.
    """
    if portal_settings is None:
        return []
    items: list[dict[str, Any]] = list(portal_settings.main_navigation.raw_data)
    page_ids = [item["value"].get("page") for item in items if item.get("type") == "page"]
    pages = (
        live_public_pages()
        .filter(pk__in=[pk for pk in page_ids if pk])
        .only(*LINK_FIELDS)
        .in_bulk()
        if any(page_ids)
        else {}
    )
    links = []
    for item in items:
        value = item.get("value") or {}
        if item.get("type") == "page":
            page = pages.get(value.get("page"))
            url = page.get_url(request=request) if page is not None else None
            if page is None or not url:
                continue
            label = value.get("label") or page.title
        elif item.get("type") == "link":
            url, label = value.get("url"), value.get("label")
            if not url or not label:
                continue
        else:
            continue
        links.append(NavItem(label=label, url=url, current=url == request.path))
    return links
