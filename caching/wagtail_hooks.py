"""Records which page a request served, so the page cache can judge whether to store it."""

from wagtail import hooks

from .middleware import PAGE_MARKER


@hooks.register("on_serve_page")
def record_served_page(next_serve_page):
    """Mark the request with the page being served (view restrictions have already passed)."""

    def serve(page, request, args, kwargs):
        setattr(request, PAGE_MARKER, page)
        return next_serve_page(page, request, args, kwargs)

    return serve
