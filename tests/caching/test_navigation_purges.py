"""A rename reaches every cached page that names the page: menus, related content, sections."""

import uuid

import pytest
from wagtail.models import Site

from pages.models import StandardPage
from sitewide.models import PortalSettings

from .conftest import cache_status

pytestmark = pytest.mark.django_db


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_renaming_a_page_in_the_main_navigation_purges_every_page(site_pages, anonymous):
    events = site_pages["events"]
    assert not events.show_in_menus  # so only the menu's setting can make it purge everything
    settings_row = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.main_navigation = [("page", {"page": events, "label": ""})]
    settings_row.save()
    for path in ("/news/first/", "/people-smuggling/"):
        anonymous.get(path)
        assert cache_status(anonymous.get(path)) == "hit"

    publish_title(events, "Events and meetings")

    assert cache_status(anonymous.get("/news/first/")) == "miss"
    response = anonymous.get("/people-smuggling/")
    assert cache_status(response) == "miss"
    assert ">Events and meetings</a>" in response.content.decode()


def test_renaming_a_page_outside_the_menus_leaves_unrelated_pages_cached(site_pages, anonymous):
    anonymous.get("/news/first/")
    publish_title(site_pages["events"], "Events and meetings")
    assert cache_status(anonymous.get("/news/first/")) == "hit"


def test_renaming_a_related_page_purges_the_pages_that_list_it(site_pages, anonymous):
    news = site_pages["news"]
    page = StandardPage(
        title="See also",
        slug="see-also",
        body=[
            {
                "type": "section",
                "id": str(uuid.uuid4()),
                "value": {
                    "heading": "Elsewhere",
                    "anchor": "",
                    "content": [
                        {
                            "type": "related_content",
                            "value": {"heading": "", "pages": [news.pk], "links": []},
                        }
                    ],
                },
            }
        ],
    )
    site_pages["home"].add_child(instance=page)
    page.save_revision().publish()
    anonymous.get("/see-also/")
    assert cache_status(anonymous.get("/see-also/")) == "hit"

    publish_title(news, "Latest news")

    response = anonymous.get("/see-also/")
    assert cache_status(response) == "miss"
    assert ">Latest news</a>" in response.content.decode()
