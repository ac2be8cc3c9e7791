"""/sitemap.xml and /robots.txt: every public page and document, nothing private or draft."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import Page

from keydocs.selectors import public_documents
from opendata import selectors

from .conftest import TOKEN

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(content):
    root = ET.fromstring(content)  # noqa: S314 - our own response
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_and_document_with_lastmod(
    client, private_content, public_document
):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    urls = sitemap_urls(response.content)
    site = private_content["topic"].get_site()
    pages = selectors.site_pages(site)
    assert pages.count() > 5
    for page in pages:
        lastmod = urls[page.get_full_url()]
        assert lastmod == timezone.localdate(page.last_published_at).isoformat()
    document_url = f"http://testserver{public_document.url}"
    assert urls[document_url] == timezone.localdate(public_document.live_since).isoformat()
    assert len(urls) == pages.count() + public_documents().count()
    assert TOKEN not in response.content.decode().lower()
    assert private_content["private_document"].url not in response.content.decode()
    unpublished = Page.objects.filter(live=False).first()
    assert unpublished.get_full_url() not in urls


@pytest.mark.django_db
def test_sitemap_becomes_an_index_past_the_limit(client, settings, private_content):
    site = private_content["topic"].get_site()
    total = selectors.site_pages(site).count() + public_documents().count()
    settings.OPENDATA_SITEMAP_LIMIT = 4
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(parts) >= total // 4
    listed = {}
    for part in parts:
        section = client.get(part.removeprefix("http://testserver"))
        assert section.status_code == 200
        urls = sitemap_urls(section.content)
        assert len(urls) <= 4
        listed.update(urls)
    assert len(listed) == total
    assert all(TOKEN not in url.lower() for url in listed)
    assert client.get("/sitemap-pages.xml?p=999").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_utilities(client, seeded_site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/admin/", "/search/", "/healthz"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
