"""Live preview works for every page type and previewable snippet; editors get the checks."""

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, PreviewableMixin, get_page_models
from wagtail.snippets.models import get_snippet_models

from tests.staff import sign_in_verified

from .conftest import home_edit_form

pytestmark = pytest.mark.django_db


def test_an_editor_previews_an_unsaved_change(client, governed_site, editor):
    sign_in_verified(client, editor)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[governed_site.pk])
    response = client.post(url, home_edit_form(governed_site, summary="Only in the preview."))
    assert response.json()["is_valid"] is True
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Only in the preview." in preview.content.decode()
    client.logout()
    assert "Only in the preview." not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "model",
    [model for model in get_page_models() if model is not Page],
    ids=lambda model: model.__name__,
)
def test_every_page_type_has_a_preview_template(model):
    page = model(title="Preview", slug="preview")
    request = RequestFactory().get("/")
    assert page.preview_modes, f"{model.__name__} has no preview mode"
    for mode, _label in page.preview_modes:
        get_template(page.get_preview_template(request, mode))


@pytest.mark.parametrize(
    "model",
    [model for model in get_snippet_models() if issubclass(model, PreviewableMixin)] or [None],
    ids=lambda model: getattr(model, "__name__", "none"),
)
def test_every_previewable_snippet_has_a_preview_template(model):
    if model is None:
        pytest.skip("No previewable snippet yet (the content model adds them).")
    request = RequestFactory().get("/")
    for mode, _label in model().preview_modes:
        get_template(model().get_preview_template(request, mode))
