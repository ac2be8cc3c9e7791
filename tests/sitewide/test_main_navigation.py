"""The main navigation: edited in the site settings, shown in the header of every page."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site

from content.loader import seed_section
from pages.models import ForumPage, TopicPage, WorkingGroupPage
from sitewide.blocks import MainNavigationBlock, NavLinkBlock
from sitewide.models import PortalSettings
from sitewide.selectors import live_public, live_public_pages, main_navigation
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

SEEDED_MENU = [
    "People smuggling",
    "Human trafficking and modern slavery",
    "The Bali Process",
    "Key documents",
    "Publications",
    "Contact us",
]


def portal_settings():
    return PortalSettings.for_site(Site.objects.get(is_default_site=True))


def page_at(path):
    return Page.objects.get(url_path=f"/home{path}").specific


def wide_menu(response):
    """(label, current) of each link in the wide-screen main navigation."""
    markup = response.content.decode()
    found = re.search(r'<nav class="main-nav__wide" aria-label="Main">(.*?)</nav>', markup, re.S)
    if found is None:
        return None
    return [
        (label, bool(current))
        for current, label in re.findall(
            r'<a href="[^"]*"( aria-current="page")?>([^<]*)</a>', found[1]
        )
    ]


def set_menu(items):
    settings_row = portal_settings()
    settings_row.main_navigation = items
    settings_row.save()
    return settings_row


def test_the_seeded_menu_is_in_the_header_with_the_page_being_read_marked(seeded_site, client):
    menu = wide_menu(client.get("/people-smuggling/"))
    assert [label for label, _ in menu] == SEEDED_MENU
    assert [label for label, current in menu if current] == ["People smuggling"]
    markup = client.get("/").content.decode()
    assert markup.count('aria-label="Main"') == 2  # the wide row and the narrow disclosure
    assert "<summary>Menu</summary>" in markup
    assert [current for _, current in wide_menu(client.get("/"))] == [False] * 6


def test_an_empty_menu_renders_nothing(seeded_site, client):
    set_menu([])
    markup = client.get("/").content.decode()
    assert 'aria-label="Main"' not in markup
    assert "main-nav" not in markup


def test_pages_are_named_by_their_current_title_unless_a_label_is_given(seeded_site, client):
    topic = page_at("/people-smuggling/")
    forum = page_at("/bali-process/")
    set_menu(
        [
            ("page", {"page": topic, "label": ""}),
            ("page", {"page": forum, "label": "Bali Process"}),
            ("link", {"label": "Search", "url": "/search/"}),
        ]
    )
    topic.title = "Countering people smuggling"
    topic.save_revision().publish()
    menu = wide_menu(client.get("/"))
    assert [label for label, _ in menu] == ["Countering people smuggling", "Bali Process", "Search"]
    assert 'href="/search/"' in client.get("/").content.decode()


def test_unpublished_and_private_pages_drop_out(seeded_site, client):
    page_at("/key-documents/").unpublish()
    PageViewRestriction.objects.create(
        page=page_at("/contact-us/"), restriction_type=PageViewRestriction.LOGIN
    )
    labels = [label for label, _ in wide_menu(client.get("/"))]
    assert labels == [
        label for label in SEEDED_MENU if label not in ("Key documents", "Contact us")
    ]


def test_the_menu_is_read_in_one_query(seeded_site, rf):
    request = rf.get("/people-smuggling/")
    settings_row = portal_settings()
    main_navigation(settings_row, request)  # Wagtail caches the site and its root paths
    with CaptureQueriesContext(connection) as queries:
        links = main_navigation(settings_row, request)
    assert len(queries.captured_queries) == 1
    assert [link.label for link in links] == SEEDED_MENU
    assert [link.current for link in links] == [True] + [False] * 5


def test_live_public_pages_match_wagtails_public_filter(seeded_site):
    PageViewRestriction.objects.create(
        page=page_at("/bali-process/"), restriction_type=PageViewRestriction.LOGIN
    )
    ours = set(live_public_pages().values_list("pk", flat=True))
    wagtails = set(Page.objects.live().public().values_list("pk", flat=True))
    assert ours == wagtails
    assert page_at("/bali-process/working-group-trafficking-persons/").pk not in ours
    for model in (ForumPage, WorkingGroupPage, TopicPage):
        ours = set(live_public(model.objects.all()).values_list("pk", flat=True))
        assert ours == set(model.objects.live().public().values_list("pk", flat=True))
    assert page_at("/bali-process/").pk not in set(
        live_public(ForumPage.objects.all()).values_list("pk", flat=True)
    )


def test_more_than_eight_items_are_refused_with_a_reason(seeded_site):
    block = MainNavigationBlock()
    value = block.to_python(
        [{"type": "link", "value": {"label": f"Link {n}", "url": f"/p{n}/"}} for n in range(9)]
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "at most 8 items" in str(error.value.as_json_data())
    block.clean(block.to_python([{"type": "link", "value": {"label": "A", "url": "/a/"}}] * 8))


@pytest.mark.parametrize(
    "address", ["/search/", "https://www.dfat.gov.au/", "http://example.org/a"]
)
def test_link_addresses_may_be_site_paths_or_web_addresses(address):
    block = NavLinkBlock()
    assert block.clean(block.to_python({"label": "A link", "url": address}))["url"] == address


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//evil.example/", "search", "ftp://a.b/"]
)
def test_other_addresses_are_refused(address):
    block = NavLinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "A link", "url": address}))


def test_the_reference_index_names_the_pages_the_settings_link_to(seeded_site):
    # Wagtail's ReferenceIndex.register_model (sitewide.apps) is what lets a rename of a menu
    # page purge every page; this fails if that API stops indexing the settings.
    topic = page_at("/people-smuggling/")
    portal_settings().save()
    sources = ReferenceIndex.get_references_to(topic).values_list(
        "base_content_type__model", flat=True
    )
    assert "portalsettings" in set(sources)


def test_seeding_again_keeps_an_editors_menu(seeded_site, client):
    set_menu([("link", {"label": "Search", "url": "/search/"})])
    seed_section()
    assert [label for label, _ in wide_menu(client.get("/"))] == ["Search"]


def menu_form_data(items):
    data = {
        "department_name": "",
        "footer_links-count": "0",
        "main_navigation-count": str(len(items)),
    }
    for number, (label, url) in enumerate(items):
        prefix = f"main_navigation-{number}"
        data.update(
            {
                f"{prefix}-type": "link",
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(number),
                f"{prefix}-id": "",
                f"{prefix}-value-label": label,
                f"{prefix}-value-url": url,
            }
        )
    return data


@pytest.fixture
def admin_settings_url(seeded_site, admin_client, admin_user):
    sign_in_verified(admin_client, admin_user)
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["sitewide", "portalsettings", site.pk])


def test_administrators_edit_the_menu_in_the_settings(admin_client, admin_settings_url):
    assert "Main navigation" in admin_client.get(admin_settings_url).content.decode()
    response = admin_client.post(
        admin_settings_url,
        menu_form_data([("Search", "/search/"), ("DFAT", "https://www.dfat.gov.au/")]),
    )
    assert response.status_code == 302
    assert [link["value"]["label"] for link in portal_settings().main_navigation.raw_data] == [
        "Search",
        "DFAT",
    ]


def test_the_settings_form_explains_a_refused_menu(admin_client, admin_settings_url):
    response = admin_client.post(
        admin_settings_url, menu_form_data([(f"Link {n}", f"/p{n}/") for n in range(9)])
    )
    assert response.status_code == 200
    assert "at most 8 items" in response.content.decode()
    response = admin_client.post(
        admin_settings_url, menu_form_data([("Bad", "javascript:alert(1)")])
    )
    assert response.status_code == 200
    assert len(portal_settings().main_navigation.raw_data) == 6  # the seeded menu is kept
