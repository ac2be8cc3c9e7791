"""The content cache: renders the page cache does not answer reuse the record-heavy content,
and a publish that changes what a page shows makes the next render fresh."""

import pytest
from django.db import connection
from django.template import Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from pages.models import TopicPage
from records.models import Country, Role
from records.services import record_publish
from sitewide.models import PortalSettings
from tests.pages.helpers import json_ld

TOPIC = "/people-smuggling/"


def render(client, url=TOPIC):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries.captured_queries)


@pytest.fixture
def page_cache_off(settings):
    """Every request renders, as for staff signed in or a page-cache miss."""
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = True


@pytest.mark.django_db
def test_a_second_render_reuses_the_content_and_skips_its_queries(
    seeded_site, client, page_cache_off, settings
):
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    render(client)  # warm Wagtail's own caches (site root paths, content types)
    cold, cold_queries = render(client)
    settings.PORTAL_CONTENT_CACHE_ENABLED = True
    first, _ = render(client)
    second, second_queries = render(client)

    assert first.content == second.content == cold.content
    assert second_queries <= cold_queries - 8, (cold_queries, second_queries)
    assert "co-chaired by" in second.content.decode()
    assert any(data.get("employee") for data in json_ld(second))


@pytest.mark.django_db
def test_the_content_cache_can_be_switched_off(seeded_site, client, page_cache_off, settings):
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    render(client)  # warm Wagtail's own caches (site root paths, content types)
    _, first_queries = render(client)
    _, second_queries = render(client)
    assert second_queries == first_queries


@pytest.mark.django_db
def test_publishing_a_record_the_content_shows_makes_the_next_render_fresh(
    seeded_site, client, page_cache_off
):
    render(client)
    role = TopicPage.objects.get(url_path__endswith=TOPIC).lead_role
    role.title = "Ambassador for Regional Migration Integrity"
    record_publish(record=role)

    response, _ = render(client)

    markup = response.content.decode()
    assert "Ambassador for Regional Migration Integrity" in markup
    names = {item["roleName"] for data in json_ld(response) for item in data.get("employee", [])}
    assert "Ambassador for Regional Migration Integrity" in names


@pytest.mark.django_db
def test_publishing_a_co_chair_country_rename_reaches_the_cached_working_groups(
    seeded_site, client, page_cache_off
):
    before, _ = render(client)
    country = Country.objects.get(name="Indonesia")
    assert "Indonesia" in before.content.decode()
    country.name = "Republic of Indonesia"
    record_publish(record=country)

    after, _ = render(client)

    assert "Republic of Indonesia" in after.content.decode()


@pytest.mark.django_db
def test_publishing_the_page_itself_makes_the_next_render_fresh(
    seeded_site, client, page_cache_off
):
    render(client)
    topic = TopicPage.objects.get(url_path__endswith=TOPIC)
    topic.summary = "A summary published a moment ago."
    topic.save_revision().publish()

    response, _ = render(client)

    assert "A summary published a moment ago." in response.content.decode()


@pytest.mark.django_db
def test_a_draft_is_never_shown_and_a_preview_never_fills_the_cache(
    seeded_site, client, page_cache_off
):
    live, _ = render(client)
    topic = TopicPage.objects.get(url_path__endswith=TOPIC)
    topic.summary = "Draft wording nobody has approved."
    topic.save_revision()  # a draft, not published

    preview = topic.make_preview_request()
    after_preview, _ = render(client)

    assert "Draft wording nobody has approved." in preview.content.decode()
    assert after_preview.content == live.content
    assert "Draft wording" not in after_preview.content.decode()


@pytest.mark.django_db
def test_an_unpublished_record_leaves_the_cached_content(seeded_site, client, page_cache_off):
    render(client)
    role = Role.objects.get(pk=TopicPage.objects.get(url_path__endswith=TOPIC).lead_role_id)
    title = role.title
    role.unpublish()

    response, _ = render(client)

    assert f">{title}</h" not in response.content.decode()


# With the content current, a render reads only the site, the page (routing: 3), its view
# restrictions (2) and the site settings: the AGLS metadata and the main navigation are cached
# fragments of the page, like its content.
SEEDED_TOPIC_CURRENT_QUERIES = 7


@pytest.mark.django_db
def test_the_head_and_main_navigation_are_cached_with_the_content(
    seeded_site, client, page_cache_off
):
    first, _ = render(client)
    second, queries = render(client)

    assert queries == SEEDED_TOPIC_CURRENT_QUERIES
    assert second.content == first.content
    markup = second.content.decode()
    assert '<meta name="DCTERMS.subject"' in markup
    assert '<nav class="main-nav__wide" aria-label="Main">' in markup
    assert 'aria-current="page"' in markup


@pytest.mark.django_db
def test_a_main_navigation_change_reaches_the_next_render(seeded_site, client, page_cache_off):
    render(client)
    render(client)
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal_settings.main_navigation = [
        ("link", {"label": "Travel advice", "url": "https://www.smartraveller.gov.au/"})
    ]
    portal_settings.save()

    response, _ = render(client)

    markup = response.content.decode()
    start = markup.index('<nav class="main-nav__wide"')
    menu = markup[start : markup.index("</nav>", start)]
    assert menu.count("<li>") == 1 and ">Travel advice</a>" in menu


@pytest.mark.django_db
def test_a_section_function_change_reaches_the_agls_metadata_below_it(
    seeded_site, client, page_cache_off
):
    url = "/bali-process/working-group-trafficking-persons/"
    before, _ = render(client, url)
    render(client, url)
    assert "Regional cooperation" not in before.content.decode()
    forum = Page.objects.get(url_path__endswith="/bali-process/").specific
    forum.agls_function = "Regional cooperation"
    forum.save_revision().publish()
    page = Page.objects.get(url_path__endswith=url).specific
    page.agls_function = ""
    page.save_revision().publish()

    response, _ = render(client, url)

    assert (
        '<meta name="AGLSTERMS.function" scheme="AGLSTERMS.AGIFT" content="Regional cooperation">'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    "tag",
    [
        "{% cached_content fragment=head %}",
        "{% cached_content fragment='' %}",
        "{% cached_content page.shown_records other %}",
    ],
)
def test_cached_content_refuses_malformed_arguments(tag):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load content_cache %}" + tag + "{% endcached_content %}")
