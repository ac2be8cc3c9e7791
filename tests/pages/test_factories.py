"""Smoke tests: each page factory makes a live page that renders on its own site."""

import pytest
from wagtail.models import Site

from pages.models import HomePage

from .factories import (
    ContactPageFactory,
    ForumPageFactory,
    HomePageFactory,
    KeyDocumentsPageFactory,
    StandardPageFactory,
    TopicPageFactory,
    WorkingGroupPageFactory,
)

pytestmark = pytest.mark.django_db

HOST = "factory.localhost"


def render(client, page):
    """Serve `page` through a site rooted at its home page, as the public would see it."""
    home = page.get_ancestors(inclusive=True).type(HomePage).first()
    Site.objects.create(hostname=HOST, port=80, root_page=home, site_name=home.title)
    page.refresh_from_db()
    response = client.get(page.relative_url(Site.objects.get(hostname=HOST)), HTTP_HOST=HOST)
    assert response.status_code == 200, page
    return response.content.decode()


@pytest.mark.parametrize(
    "factory_class",
    [
        HomePageFactory,
        TopicPageFactory,
        ForumPageFactory,
        WorkingGroupPageFactory,
        ContactPageFactory,
        KeyDocumentsPageFactory,
        StandardPageFactory,
    ],
)
def test_factory_makes_a_live_page_that_renders(client, factory_class):
    page = factory_class()
    page.full_clean()
    assert page.live
    assert page.title in render(client, page)


def test_working_group_page_shows_its_co_chairs(client):
    group = WorkingGroupPageFactory()
    names = [row.country.name for row in group.co_chairs.all()]
    assert len(names) == 2
    html = render(client, group)
    assert all(name in html for name in names)


def test_topic_and_contact_pages_show_their_contact_point(client):
    topic = TopicPageFactory()
    contact = topic.contacts.get().contact_point
    assert contact.label in render(client, topic)
    contact_page = ContactPageFactory(parent=topic.get_parent(), contacts=[contact])
    assert (
        contact.street
        in client.get(
            contact_page.relative_url(Site.objects.get(hostname=HOST)), HTTP_HOST=HOST
        ).content.decode()
    )
