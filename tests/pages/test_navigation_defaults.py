"""New topic, forum and working-group pages show in menus by default; Publications is linked."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, streamfield

from pages.models import (
    ForumPage,
    HomePage,
    KeyDocumentsPage,
    StandardPage,
    TopicPage,
    WorkingGroupPage,
)
from tests.editorial.conftest import (  # noqa: F401 - shared fixtures
    governed_site,
    make_member,
    media_in_tmp,
    moderator,
)
from tests.staff import sign_in_verified

from .helpers import get_ok, visible_text


@pytest.mark.django_db
def test_menu_defaults_per_page_type():
    assert TopicPage().show_in_menus
    assert ForumPage().show_in_menus
    assert WorkingGroupPage().show_in_menus
    assert not StandardPage().show_in_menus


@pytest.mark.django_db
def test_a_new_topic_is_ticked_explained_and_listed_on_the_home_page(client, moderator):  # noqa: F811
    home = HomePage.objects.get(depth=2)
    sign_in_verified(client, moderator)
    add_url = f"/admin/pages/add/pages/topicpage/{home.pk}/"
    form_page = client.get(add_url)
    assert form_page.context["form"]["show_in_menus"].value() is True
    html = form_page.content.decode()
    assert "listed under “In this section”" in html
    assert "Leave blank: search engines then show the Summary" in html
    data = nested_form_data(
        {
            "title": "Labour exploitation",
            "slug": "labour-exploitation",
            "summary": "How Australia works against labour exploitation.",
            "body": streamfield([]),
            "lead_role": "",
            "related_forums": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            "contacts": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            "show_in_menus": "on",
            "seo_title": "",
            "search_description": "",
            "review_date": "",
            "action-publish": "1",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    topic = TopicPage.objects.get(slug="labour-exploitation")
    assert topic.live and topic.show_in_menus
    text = visible_text(get_ok(client, "/"))
    assert "In this section" in text and "Labour exploitation" in text


@pytest.mark.django_db
def test_publications_is_reachable_from_the_home_page(client):
    publications = KeyDocumentsPage.objects.live().get(title="Publications")
    html = get_ok(client, "/").content.decode()
    assert f'href="{publications.url}"' in html
