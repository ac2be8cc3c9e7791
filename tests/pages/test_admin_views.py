"""Editors can open every record and page form, and see where a record is used."""

import pytest
from django.urls import reverse

from pages.models import ContactPage, ForumPage, HomePage, StandardPage, TopicPage, WorkingGroupPage
from records.models import ContactPoint, Country, DocumentCategory, Organisation, Role
from tests.staff import sign_in_verified

SNIPPETS = [Country, Organisation, Role, ContactPoint, DocumentCategory]
PAGES = [HomePage, TopicPage, ForumPage, WorkingGroupPage, ContactPage, StandardPage]


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.gov.au", "pw")
    sign_in_verified(client, user)
    return client


def snippet_url(model, action, *args):
    return reverse(f"wagtailsnippets_records_{model._meta.model_name}:{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", SNIPPETS, ids=lambda model: model.__name__)
def test_record_forms_open(seeded_site, editor_client, model):
    record = model.objects.first()
    for url in (
        snippet_url(model, "list"),
        snippet_url(model, "add"),
        snippet_url(model, "edit", record.pk),
        snippet_url(model, "history", record.pk),
        snippet_url(model, "usage", record.pk),
    ):
        assert editor_client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGES, ids=lambda model: model.__name__)
def test_page_edit_forms_open(seeded_site, editor_client, model):
    page = model.objects.first()
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_contact_point_usage_lists_every_page_showing_it(seeded_site, editor_client):
    contact = ContactPoint.objects.get()
    markup = editor_client.get(snippet_url(ContactPoint, "usage", contact.pk)).content.decode()
    for title in ("People smuggling", "Human trafficking and modern slavery", "Contact us"):
        assert title in markup
