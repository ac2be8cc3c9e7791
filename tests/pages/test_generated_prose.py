"""Generated prose reads as written English: articles, links, no repeated lines, full groups."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from pages.models import ForumPage, WorkingGroupCoChair, WorkingGroupContact, WorkingGroupPage
from pages.selectors import co_chairs_sentence
from records.models import ContactPoint, Country

from .helpers import get_ok, visible_text

GROUP_SLUG = "working-group-trafficking-persons"


def publish(page):
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_country_names_take_their_article_from_the_record():
    philippines = Country.objects.get(iso_code="PH")
    thailand = Country.objects.get(iso_code="TH")
    assert philippines.takes_article and Country.objects.get(iso_code="US").takes_article
    assert not thailand.takes_article
    co_chairs = [WorkingGroupCoChair(country=philippines), WorkingGroupCoChair(country=thailand)]
    assert co_chairs_sentence(co_chairs) == "co-chaired by the Philippines and Thailand"
    thailand.takes_article = True
    assert co_chairs_sentence(co_chairs) == "co-chaired by the Philippines and the Thailand"


@pytest.mark.django_db
def test_forum_page_lists_the_working_group_with_the_article(client):
    group = WorkingGroupPage.objects.get(slug=GROUP_SLUG)
    group.co_chairs = [
        WorkingGroupCoChair(country=Country.objects.get(iso_code="PH")),
        WorkingGroupCoChair(country=Country.objects.get(iso_code="TH")),
    ]
    publish(group)
    forum = group.get_parent()
    text = visible_text(get_ok(client, forum.url))
    assert "co-chaired by the Philippines and Thailand" in text
    assert "co-chaired by Philippines" not in text


@pytest.mark.django_db
def test_business_track_links_its_website_and_says_established_once(client):
    forum = ForumPage.objects.get(business_track_name="Government and Business Forum")
    forum.business_track_website = "https://gabf.example.org/"
    publish(forum)
    response = get_ok(client, forum.url)
    html = response.content.decode()
    assert '<a href="https://gabf.example.org/">Government and Business Forum website</a>' in html
    assert visible_text(response).count("Established in 2017.") <= 1


@pytest.mark.django_db
def test_working_group_page_shows_purpose_co_chairs_forum_documents_and_contact(
    client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    group = WorkingGroupPage.objects.get(slug=GROUP_SLUG)
    document = get_document_model()(
        title="Terms of reference", collection=Collection.get_first_root_node()
    )
    document.file.save("terms.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    group.purpose = "<p>Shares practice on identifying victims of trafficking.</p>"
    group.documents = [
        ("document", {"document": document, "note": "Adopted 2024."}),
        (
            "external_document",
            {"title": "Outcome statement", "url": "https://example.org/outcome", "note": ""},
        ),
    ]
    contact = ContactPoint.objects.filter(live=True).first()
    group.contacts = [WorkingGroupContact(contact_point=contact)]
    publish(group)
    response = get_ok(client, group.url)
    text = visible_text(response)
    forum = group.get_parent()
    assert "Purpose Shares practice on identifying victims of trafficking." in text
    assert "The working group is co-chaired by Australia and Indonesia and reports to" in text
    assert f'href="{forum.url}"' in response.content.decode()
    assert "Related documents" in text and "Terms of reference" in text
    assert "Outcome statement" in text
    assert "Contact" in text and contact.recipient in text
