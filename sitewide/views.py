"""Site-wide views that depend on the site serving the request."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

PRINT_LINK_RULE = 'main a[href^="/"]::after {{ content: " ({root}" attr(href) ")"; }}\n'


@require_safe
def print_stylesheet(request: HttpRequest) -> HttpResponse:
    """Print rules that spell out this site's address after every internal link.

    Served as a stylesheet rather than an inline `<style>`, so the public Content-Security-Policy
    can forbid inline styles.
    """
    site = Site.find_for_request(request)
    root = site.root_url if site is not None else ""
    escaped = root.replace("\\", "\\\\").replace('"', '\\"')
    response = HttpResponse(PRINT_LINK_RULE.format(root=escaped), content_type="text/css")
    patch_cache_control(response, public=True, max_age=3600)
    return response
