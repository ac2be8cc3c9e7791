"""Records which page a request served, so the page cache can judge whether to store it."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page

from .middleware import PAGE_MARKER

ServePage = Callable[[Page, HttpRequest, Any, Any], HttpResponse]


@hooks.register("on_serve_page")
def record_served_page(next_serve_page: ServePage) -> ServePage:
    """Mark the request with the page being served (view restrictions have already passed)."""

    def serve(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> HttpResponse:
        setattr(request, PAGE_MARKER, page)
        return next_serve_page(page, request, args, kwargs)

    return serve
