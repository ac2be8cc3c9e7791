"""Accessible link text: the template filter, the shared include and rich-text document links."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from wagtail.rich_text import RichText

from keydocs.models import KeyDocument
from keydocs.services import document_replace, document_upload
from records.models import Organisation
from tests.keydocs.conftest import make_docx, make_pdf, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(editor, approve_document):
    publisher = Organisation.objects.create(name="Attorney-General's Department", acronym="AGD")
    document = document_upload(
        uploaded_file=upload("nap.pdf", make_pdf(pages=24)),
        title="National Action Plan",
        user=editor,
        publisher=publisher,
        publication_date="2020-12-03",
        description="The plan for 2020 to 2025.",
    )
    return approve_document(document)


def test_label_filter_gives_type_size_and_pages(plan):
    size = plan.size_label
    rendered = Template("{% load keydocs_tags %}{{ document|document_label }}").render(
        Context({"document": plan})
    )
    assert rendered == f"National Action Plan (PDF, {size}, 24 pages)"
    assert "KB" in size or "MB" in size


def test_label_names_language_only_when_not_english(editor):
    document = document_upload(
        uploaded_file=upload("ringkasan.docx", make_docx("Ringkasan")),
        title="Ringkasan",
        user=editor,
        language="id",
    )
    rendered = Template("{% load keydocs_tags %}{{ d|document_label }}").render(
        Context({"d": document})
    )
    assert rendered.startswith("Ringkasan (Word, ")
    assert rendered.endswith(", in Indonesian)")
    assert "nap.pdf" not in rendered and "ringkasan.docx" not in rendered


def test_include_shows_label_dates_publisher_and_accessible_format(
    plan, editor, settings, approve_document
):
    settings.PORTAL_ACCESSIBLE_FORMAT_URL = "/contact-us/"
    html = render_to_string("components/document_link.html", {"document": plan})
    assert f'href="{plan.url}"' in html
    assert 'National Action Plan <span class="document-meta">(PDF,' in html
    assert "24 pages)" in html
    assert 'Published <time datetime="2020-12-03">3 December 2020</time>' in html
    assert "by Attorney-General&#x27;s Department" in html
    assert "The plan for 2020 to 2025." in html
    assert f'href="/accessible-format/{plan.pk}/">Request an accessible format' in html
    assert "Updated" not in html
    document_replace(document=plan, uploaded_file=upload("v2.pdf", make_pdf(pages=2)), user=editor)
    plan.refresh_from_db()
    assert "Updated" not in render_to_string("components/document_link.html", {"document": plan})
    approve_document(plan)
    html = render_to_string("components/document_link.html", {"document": plan})
    assert "Updated <time" in html


def test_rich_text_document_link_renders_accessible_label(plan):
    source = f'<p>Read the <a linktype="document" id="{plan.pk}">action plan</a> now.</p>'
    html = str(RichText(source))
    assert (
        f'<a href="{plan.url}">action plan <span class="document-meta">(PDF, {plan.size_label}, '
        "24 pages)</span></a>"
    ) in html
    assert "data-document" not in html


def test_rich_text_bare_file_name_replaced_by_title(plan):
    source = f'<p><a linktype="document" id="{plan.pk}">nap.pdf</a></p>'
    html = Template("{% load wagtailcore_tags %}{{ value|richtext }}").render(
        Context({"value": source})
    )
    assert '>National Action Plan <span class="document-meta">' in html
    assert ">nap.pdf" not in html


def test_rich_text_link_to_deleted_document_still_renders(plan):
    pk = plan.pk
    KeyDocument.objects.filter(pk=pk).delete()
    html = str(RichText(f'<p><a linktype="document" id="{pk}">gone</a></p>'))
    assert "<p>gone</p>" in html


def test_include_links_accessible_alternatives(plan, editor, seeded_site):
    word = document_upload(
        uploaded_file=upload("nap.docx", make_docx("Plan")), title="Plan (Word)", user=editor
    )
    plan.accessible_alternative = word
    plan.accessible_alternative_page = seeded_site
    plan.save()
    html = render_to_string("components/document_link.html", {"document": plan})
    assert f'Accessible version: <a href="{word.url}">Plan (Word) (Word, ' in html
    assert f'<a href="{seeded_site.url}">Read National Action Plan as a web page</a>' in html
