"""Sitemap, robots.txt and feed views; their responses are cached and purged like pages."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from .sitemaps import sitemaps_for
from .sites import request_site, shared_like


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """One sitemap while the site fits in one file, else a sitemap index of section files."""
    site = request_site(request)
    sections = sitemaps_for(request)
    shared_like(request, site.root_page)
    total = sum(section.paginator.count for section in sections.values())
    sitemaps: dict[str, type[Sitemap] | Sitemap] = dict(sections)
    if total <= settings.OPENDATA_SITEMAP_LIMIT:
        return sitemap_views.sitemap(request, sitemaps)
    return sitemap_views.index(request, sitemaps, sitemap_url_name="opendata:sitemap-section")


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One page (`?p=`) of one section of the sitemap index."""
    request_site(request)
    sitemaps: dict[str, type[Sitemap] | Sitemap] = dict(sitemaps_for(request))
    return sitemap_views.sitemap(request, sitemaps, section=section)


@require_safe
def robots_txt(request: HttpRequest) -> TemplateResponse:
    """robots.txt: the sitemap's address and the paths crawlers should leave alone."""
    site = request_site(request)
    shared_like(request, site.root_page)
    return TemplateResponse(
        request,
        "opendata/robots.txt",
        {
            "sitemap_url": request.build_absolute_uri(reverse("opendata:sitemap")),
            "disallowed": settings.OPENDATA_ROBOTS_DISALLOW,
        },
        content_type="text/plain; charset=utf-8",
    )
