"""Page forms explain themselves: a description for every page type in "Create a page"."""

import pytest
from django.apps import apps
from django.utils.html import escape
from wagtail.models import Page

from pages.models import HomePage
from tests.staff import sign_in_verified


def portal_page_types():
    return [
        model
        for model in apps.get_app_config("pages").get_models()
        if issubclass(model, Page) and not model._meta.abstract
    ]


def test_every_page_type_has_a_description():
    for model in portal_page_types():
        description = model.get_page_description()
        assert description and len(description) >= 40, model.__name__
        assert description != Page.get_page_description()


@pytest.mark.django_db
def test_create_a_page_shows_each_description(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-123456789")
    sign_in_verified(client, admin)
    home = HomePage.objects.get(depth=2)
    html = client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
    creatable = [m for m in home.specific_class.allowed_subpage_models() if m.can_create_at(home)]
    assert creatable
    for model in creatable:
        assert escape(model.get_page_description()) in html, model.__name__
