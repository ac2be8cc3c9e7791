"""Site-wide views: the print stylesheet and the "Request an accessible format" form."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Site

from keydocs.selectors import public_documents
from records.selectors import first_contact_point_with_email

from .forms import AccessibleFormatRequestForm
from .selectors import portal_settings_for_request
from .services import accessible_format_request_submit

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


RATE_WINDOW_SECONDS = 3600


def _rate_key(request: HttpRequest) -> str:
    return f"accessible-format-requests:{request.META.get('REMOTE_ADDR', 'unknown')}"


def _over_rate_limit(request: HttpRequest) -> bool:
    """Count this submission; True once an address has sent more than the hourly limit."""
    key = _rate_key(request)
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > settings.PORTAL_CONTACT_RATE_LIMIT


@never_cache
def accessible_format_request(request: HttpRequest, document_id: int) -> HttpResponse:
    """Show the short form naming the document; on a valid POST store it and e-mail staff."""
    document = public_documents().filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document")
    context = {"document": document, "page_title": "Request an accessible format"}
    if request.method == "POST":
        form = AccessibleFormatRequestForm(request.POST)
        if _over_rate_limit(request):
            context.update(form=form, rate_limited=True)
            return TemplateResponse(request, "sitewide/accessible_format.html", context, status=429)
        if form.is_valid():
            if not form.is_spam:
                submission = form.save(commit=False)
                submission.document = document
                submission.document_title = document.title[:255]
                portal_settings = portal_settings_for_request(request)
                contact = portal_settings.accessible_format_contact if portal_settings else None
                contact = contact or first_contact_point_with_email()
                accessible_format_request_submit(request=submission, contact=contact)
            context["sent"] = True
            return TemplateResponse(request, "sitewide/accessible_format.html", context)
    else:
        form = AccessibleFormatRequestForm()
    context["form"] = form
    return TemplateResponse(request, "sitewide/accessible_format.html", context)
