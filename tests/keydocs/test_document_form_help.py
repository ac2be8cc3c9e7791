"""The document form: language from a maintained list, duplicate uploads flagged with a link."""

import pytest
from django.urls import reverse

from keydocs.forms import language_choices
from keydocs.models import KeyDocument

from .conftest import make_pdf, upload

pytestmark = pytest.mark.django_db


def test_languages_come_from_a_maintained_list_with_australian_english_first():
    choices = dict(language_choices())
    assert next(iter(choices)) == "en-AU"
    assert choices["id"] == "Indonesian"
    assert choices["zh-Hans"] == "Simplified Chinese"
    assert len(choices) > 80


def test_the_add_form_offers_the_language_list(editor_client):
    html = editor_client.get(reverse("wagtaildocs:add")).content.decode()
    assert '<option value="id">Indonesian</option>' in html


def test_a_duplicate_upload_warns_and_links_to_the_existing_document(editor_client):
    content = make_pdf(pages=1)
    first = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Plan", "file": upload("plan.pdf", content), "language": "en-AU"},
    )
    assert first.status_code == 302
    existing = KeyDocument.objects.get(title="Plan")
    again = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Plan again", "file": upload("plan-copy.pdf", content), "language": "id"},
    )
    assert again.status_code == 200
    html = again.content.decode()
    assert "This exact file is already in the library as" in html
    assert f'href="{reverse("wagtaildocs:edit", args=[existing.pk])}">Plan</a>' in html
    assert not KeyDocument.objects.filter(title="Plan again").exists()
    anyway = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Plan again",
            "file": upload("plan-copy.pdf", content),
            "language": "id",
            "allow_duplicate": "on",
        },
    )
    assert anyway.status_code == 302
    assert KeyDocument.objects.get(title="Plan again").language == "id"


def test_detected_facts_use_friendly_type_names(editor_client):
    editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Friendly", "file": upload("friendly.pdf", make_pdf(pages=2)), "language": ""},
    )
    document = KeyDocument.objects.get(title="Friendly")
    assert document.kind_name == "PDF"
    html = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "<dt>Detected type</dt><dd>PDF, " in html
    assert "<small>(application/pdf)</small>" in html
