"""Every public page tells browsers, search engines and social sites what it is."""

import re

import pytest
import wagtail_factories
from wagtail.models import Site

from pages.models import HomePage, TopicPage
from sitewide.models import PortalSettings

SECTION = "People Smuggling, Human Trafficking and Modern Slavery"
DEPARTMENT = "Department of Foreign Affairs and Trade"


def meta(markup, attribute, name):
    """The content of `<meta attribute="name" content="...">`, or None."""
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', markup)
    return found.group(1) if found else None


def title(markup):
    return re.search(r"<title>(.*?)</title>", markup, re.S).group(1)


@pytest.mark.django_db
def test_home_page_title_names_the_section_and_the_department(client, seeded_site):
    markup = client.get("/").content.decode()
    assert '<html lang="en-AU">' in markup
    assert title(markup) == f"{SECTION} | {DEPARTMENT}"
    assert meta(markup, "property", "og:type") == "website"


@pytest.mark.django_db
def test_topic_page_has_title_pattern_description_canonical_and_open_graph(client, seeded_site):
    topic = TopicPage.objects.get(slug="people-smuggling")
    markup = client.get("/people-smuggling/").content.decode()
    assert title(markup) == f"People smuggling | {SECTION} | {DEPARTMENT}"
    summary = topic.summary
    assert summary and meta(markup, "name", "description") == summary
    canonical = Site.objects.get(is_default_site=True).root_url + "/people-smuggling/"
    assert f'<link rel="canonical" href="{canonical}">' in markup
    assert meta(markup, "property", "og:url") == canonical
    assert meta(markup, "property", "og:title") == "People smuggling"
    assert meta(markup, "property", "og:description") == summary
    assert meta(markup, "property", "og:type") == "article"
    assert meta(markup, "property", "og:locale") == "en_AU"
    assert meta(markup, "property", "og:image") is None


@pytest.mark.django_db
def test_search_description_and_seo_title_win_over_summary_and_title(client, seeded_site):
    topic = TopicPage.objects.get(slug="people-smuggling")
    topic.seo_title = "Countering people smuggling"
    topic.search_description = "What Australia does about people smuggling."
    topic.save_revision().publish()
    markup = client.get("/people-smuggling/").content.decode()
    assert title(markup) == f"Countering people smuggling | {SECTION} | {DEPARTMENT}"
    assert meta(markup, "name", "description") == "What Australia does about people smuggling."


@pytest.mark.django_db
def test_social_image_comes_from_the_page_else_from_the_site_settings(
    client, seeded_site, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    site_image = wagtail_factories.ImageFactory(title="Site image", description="Crest")
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.social_image = site_image
    portal_settings.save()
    markup = client.get("/people-smuggling/").content.decode()
    image_url = meta(markup, "property", "og:image")
    assert image_url.startswith("http") and "fill-1200x630" in image_url
    assert meta(markup, "property", "og:image:alt") == "Crest"

    home = HomePage.objects.get(depth=2)
    home.social_image = wagtail_factories.ImageFactory(title="Home image", description="")
    home.save_revision().publish()
    home_markup = client.get("/").content.decode()
    home_image = meta(home_markup, "property", "og:image")
    assert home_image and home_image != image_url
    assert meta(home_markup, "property", "og:image:alt") is None


@pytest.mark.django_db
def test_404_page_title_names_the_section(client, seeded_site):
    markup = client.get("/no-such-page/").content.decode()
    assert title(markup) == f"Page not found | {SECTION} | {DEPARTMENT}"
    assert '<link rel="canonical"' not in markup


@pytest.mark.django_db
def test_header_search_is_a_labelled_get_form_to_the_search_page(client, seeded_site):
    for path in ["/", "/people-smuggling/", "/no-such-page/"]:
        markup = client.get(path).content.decode()
        header = markup[markup.index('<header class="site-header"') : markup.index("</header>")]
        assert '<form class="site-search" role="search" method="get" action="/search/">' in header
        assert (
            '<label class="visually-hidden" for="site-search-q">Search this site</label>' in header
        )
        assert 'id="site-search-q" name="q" type="search"' in header
        assert '<button class="site-search__button" type="submit">Search</button>' in header
