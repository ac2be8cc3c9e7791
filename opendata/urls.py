"""Addresses of the sitemap, robots.txt and the feeds (the API is `opendata.api.api_router`)."""

from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import DocumentsFeed, PageUpdatesFeed

app_name = "opendata"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("feeds/documents/", require_safe(DocumentsFeed()), name="documents-feed"),
    path("feeds/updates/", require_safe(PageUpdatesFeed()), name="page-updates-feed"),
]
