"""Opt-in for views that are not Wagtail pages but show public content (e.g. a search view)."""

import functools

from .middleware import PUBLIC_VIEW_MARKER


def public_page_cache(view):
    """Let the page cache store this view's anonymous 200 responses like a public page's."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        setattr(request, PUBLIC_VIEW_MARKER, True)
        return view(request, *args, **kwargs)

    return wrapped
