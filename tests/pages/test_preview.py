"""Editors' previews render unsaved pages, reading their in-memory co-chairs and contacts."""

import pytest

from pages.models import ForumCoChair, ForumPage, TopicContact, TopicPage, TopicRelatedForum
from records.models import ContactPoint, Country

from .helpers import visible_text


@pytest.mark.django_db
def test_preview_of_an_unsaved_topic_shows_its_contacts_and_forum(seeded_site):
    forum = ForumPage.objects.get(slug="bali-process")
    topic = TopicPage(title="Forced labour", slug="forced-labour", path="00010001XXXX", depth=3)
    topic.contacts = [TopicContact(contact_point=ContactPoint.objects.get(), sort_order=0)]
    topic.related_forums = [TopicRelatedForum(forum=forum, sort_order=0)]
    response = topic.make_preview_request()
    assert response.status_code == 200
    text = visible_text(response)
    assert "Barton ACT 0221 Australia" in text
    assert "The Bali Process, co-chaired by Australia and Indonesia" in text


@pytest.mark.django_db
def test_preview_of_a_forum_with_changed_co_chairs_uses_the_unsaved_order(seeded_site):
    forum = ForumPage.objects.get(slug="bali-process")
    forum.co_chairs = [
        ForumCoChair(country=Country.objects.get(iso_code="ID"), sort_order=0),
        ForumCoChair(country=Country.objects.get(iso_code="AU"), sort_order=1),
    ]
    response = forum.make_preview_request()
    assert response.status_code == 200
    assert "Co-chairs Indonesia and Australia" in visible_text(response)
