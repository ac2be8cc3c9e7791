"""The request's Wagtail site, and telling the page cache that a response may be shared."""

from django.http import Http404, HttpRequest
from wagtail.models import Page, Site

from caching.middleware import PAGE_MARKER


def request_site(request: HttpRequest) -> Site:
    """The Wagtail site serving the request; 404 when no site matches."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this address.")
    return site


def shared_like(request: HttpRequest, page: Page) -> None:
    """Let the page cache store the response as it would `page` (shared unless restricted)."""
    setattr(request, PAGE_MARKER, page)
