"""Rich text that cannot break a page (issue 12).

A bad page, document or other object link is refused when saved, with an error on the field. A
bad link stored before (inserted straight into the database here, as an old row would be)
renders as its plain text, is logged, and never gives a 500 in the editor, the preview or the
public page. Every rich-text field and every rich-text block in a StreamField is covered.
"""

import json
import logging
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from keydocs.services import document_upload
from richtext import fields as safe
from richtext.validation import validate_rich_text_references
from tests.keydocs.conftest import make_pdf, upload
from tests.staff import sign_in_verified

from .helpers import owning_page, rich_text_blocks, rich_text_fields, scrape_form, stream_fields

BAD = '<p>Read the <a linktype="page" id="x">broken words</a> today.</p>'
LINKED_BROKEN_WORDS = re.compile(r"<a\b[^>]*>\s*broken words")
MISSING_PAGE_ID = 987654321
RICH_TEXT_FIELDS = rich_text_fields()
STREAM_FIELDS = stream_fields()


def label(model_field):
    model, field = model_field
    return f"{model.__name__}.{field.name}"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("richtext", "rt@example.gov.au", "pw")


@pytest.fixture
def staff_client(client, staff):
    return sign_in_verified(client, staff)


@pytest.fixture
def document(staff):
    return document_upload(
        uploaded_file=upload("plan.pdf", make_pdf(pages=2)), title="Action plan", user=staff
    )


# Validation on save


@pytest.mark.django_db
@pytest.mark.parametrize(
    "html",
    [
        '<p><a linktype="page" id="x">words</a></p>',
        '<p><a linktype="page">words</a></p>',
        f'<p><a linktype="page" id="{MISSING_PAGE_ID}">words</a></p>',
        f'<p><a linktype="document" id="{MISSING_PAGE_ID}">words</a></p>',
        '<p><a linktype="document" id="1; drop">words</a></p>',
        '<p><a linktype="nonsense" id="1">words</a></p>',
    ],
    ids=["non-integer", "no-id", "missing-page", "missing-document", "bad-document", "unknown"],
)
def test_bad_links_are_refused(html):
    with pytest.raises(ValidationError) as raised:
        validate_rich_text_references(html)
    assert raised.value.messages[0].startswith("It contains a")


@pytest.mark.django_db
def test_good_links_are_accepted(seeded_site, document):
    validate_rich_text_references(
        f'<p><a linktype="page" id="{seeded_site.pk}">home</a>, '
        f'<a linktype="document" id="{document.pk}">doc</a>, '
        '<a href="https://www.example.gov.au/">site</a>, '
        '<a href="mailto:a@example.gov.au">mail</a> '
        '<a href="#top">top</a></p>'
    )
    validate_rich_text_references(RichText(f'<a linktype="page" id="{seeded_site.pk}">x</a>'))


def test_every_rich_text_in_the_project_is_checked():
    assert len(RICH_TEXT_FIELDS) >= 10
    for model, field in RICH_TEXT_FIELDS:
        assert isinstance(field, safe.RichTextField), label((model, field))
        assert validate_rich_text_references in field.validators
    found = 0
    for model, field in STREAM_FIELDS:
        for path, block in rich_text_blocks(field.stream_block):
            assert isinstance(block, safe.RichTextBlock), (model.__name__, field.name, path)
            assert validate_rich_text_references in block.field.validators
            found += 1
    assert found >= 3 * len(STREAM_FIELDS)


# Bad links stored earlier


@pytest.mark.django_db
def test_rendering_keeps_good_links_and_unwraps_bad_ones(seeded_site, document, caplog):
    caplog.set_level(logging.WARNING, logger="richtext")
    html = str(
        RichText(
            f'<p><a linktype="page" id="{seeded_site.pk}">home</a> '
            '<a linktype="page" id="x">broken words</a> '
            f'<a linktype="page" id="{MISSING_PAGE_ID}">gone page</a> '
            f'<a linktype="document" id="{document.pk}">plan</a> '
            f'<a linktype="document" id="{MISSING_PAGE_ID}">gone document</a> '
            '<a linktype="document" id="">no document</a> '
            '<a linktype="nonsense" id="1">odd</a></p>'
        )
    )
    assert f'<a href="{seeded_site.url}">home</a>' in html
    assert f'<a href="{document.url}">plan <span class="document-meta">' in html
    for words in ("broken words", "gone page", "gone document", "no document"):
        assert f" {words} " in html
    assert not re.search(r"<a\b[^>]*>\s*(broken words|gone|no document)", html)
    messages = [record.getMessage() for record in caplog.records]
    assert sum("Broken rich-text link (page" in message for message in messages) == 2
    assert sum("Broken rich-text link (document" in message for message in messages) == 2


def check_page_survives(client, page, revision, caplog, times=1):
    """Editor, preview (the revision) and public page all answer 200, words kept, no link."""
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    assert "broken words" in edit.content.decode()
    preview = client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]))
    public = Client().get(page.url)
    for response in (preview, public):
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("broken words") >= times
        assert not LINKED_BROKEN_WORDS.search(html)
        assert "data-broken-rich-text-link" not in html
    assert any("Broken rich-text link" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize("model_field", RICH_TEXT_FIELDS, ids=label)
def test_stored_bad_link_renders_as_text_everywhere(seeded_site, staff_client, caplog, model_field):
    caplog.set_level(logging.WARNING, logger="richtext")
    model, field = model_field
    instance = model.objects.order_by("pk").first()
    assert instance is not None, "the seed has one of each"
    page, relation = owning_page(model, instance)
    revision = page.latest_revision or page.save_revision()
    model.objects.filter(pk=instance.pk).update(**{field.name: BAD})
    content = revision.content
    if relation is None:
        content[field.name] = BAD
    else:
        for item in content[relation]:
            if item["pk"] == instance.pk:
                item[field.name] = BAD
    Revision.objects.filter(pk=revision.pk).update(content=content)
    check_page_survives(staff_client, page, revision, caplog)


def bad_body():
    """A body section holding a paragraph, a callout and a list, each with a bad link."""

    def block(kind, value):
        return {"type": kind, "value": value, "id": str(uuid.uuid4())}

    return [
        block(
            "section",
            {
                "heading": "Broken links",
                "anchor": "",
                "content": [
                    block("paragraph", BAD),
                    block("callout", {"heading": "", "text": BAD}),
                    block(
                        "list",
                        {"style": "unordered", "introduction": "", "items": [block("item", BAD)]},
                    ),
                ],
            },
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("model_field", STREAM_FIELDS, ids=label)
def test_stored_bad_link_in_streamfield_renders_as_text(
    seeded_site, staff_client, caplog, model_field
):
    caplog.set_level(logging.WARNING, logger="richtext")
    model, field = model_field
    page = model.objects.live().order_by("pk").first()
    assert page is not None
    revision = page.latest_revision or page.save_revision()
    raw = bad_body()
    model.objects.filter(pk=page.pk).update(**{field.name: json.dumps(raw)})
    content = revision.content
    content[field.name] = json.dumps(raw)
    Revision.objects.filter(pk=revision.pk).update(content=content)
    check_page_survives(staff_client, page, revision, caplog, times=3)


# Posting a bad link through the admin


def edit_form_data(client, page):
    """What the page's edit form posts, with a valid one-section body for StreamField pages."""
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    data = scrape_form(html, "page-edit-form")
    assert "title" in data, "the edit form was read"
    stream_names = set()
    for _model, field in STREAM_FIELDS:
        if isinstance(page, field.model):
            data.update(body_data(field.name, "<p>Fine words.</p>"))
            stream_names.add(field.name)
    # Other StreamFields (no rich text) are drawn by JavaScript, not as inputs: post them empty.
    for other in page.specific._meta.get_fields():
        if isinstance(other, StreamField) and other.name not in stream_names:
            data[f"{other.name}-count"] = ["0"]
    return data


def body_data(name, paragraph):
    posted = nested_form_data(
        {
            name: streamfield(
                [
                    (
                        "section",
                        {
                            "heading": "Links",
                            "anchor": "",
                            "content": streamfield(
                                [
                                    ("paragraph", rich_text(paragraph)),
                                    ("callout", {"heading": "", "text": rich_text(paragraph)}),
                                ]
                            ),
                        },
                    )
                ]
            )
        }
    )
    return {key: [str(value)] for key, value in posted.items()}


def field_key(data, model, field, instance, relation):
    """The posted name of `field` (of a page, or of an inline child)."""
    if relation is None:
        return field.name, None
    for key, values in data.items():
        if key.startswith(f"{relation}-") and key.endswith("-id") and values == [str(instance.pk)]:
            index = int(key.split("-")[1])
            return f"{relation}-{index}-{field.name}", index
    raise LookupError(instance)


@pytest.mark.django_db
@pytest.mark.parametrize("model_field", RICH_TEXT_FIELDS, ids=label)
def test_posting_a_bad_link_is_a_form_error_on_the_field(seeded_site, staff_client, model_field):
    model, field = model_field
    instance = model.objects.order_by("pk").first()
    page, relation = owning_page(model, instance)
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    before = getattr(instance, field.name)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form_data(staff_client, page)
    key, index = field_key(data, model, field, instance, relation)
    data[key] = [rich_text(BAD, features=field.features)]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors if index is None else form.formsets[relation].forms[index].errors
    assert field.name in errors
    assert "whose target is not valid" in str(errors[field.name])
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions
    instance.refresh_from_db()
    assert getattr(instance, field.name) == before


@pytest.mark.django_db
@pytest.mark.parametrize("model_field", STREAM_FIELDS, ids=label)
def test_posting_a_bad_link_in_streamfield_is_a_form_error(seeded_site, staff_client, model_field):
    model, field = model_field
    page = model.objects.live().order_by("pk").first()
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    data = edit_form_data(staff_client, page)
    data.update(body_data(field.name, BAD))
    response = staff_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert field.name in response.context["form"].errors
    assert "whose target is not valid" in response.content.decode()
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions


@pytest.mark.django_db
@pytest.mark.parametrize("model_field", STREAM_FIELDS[:1] + RICH_TEXT_FIELDS[:1], ids=label)
def test_posting_a_good_link_saves(seeded_site, staff_client, model_field):
    """The control: the same form with a valid page link saves a new revision."""
    model, field = model_field
    page = model.objects.live().order_by("pk").first() if issubclass(model, Page) else None
    page = page or owning_page(model, model.objects.first())[0]
    revisions = Revision.objects.filter(object_id=str(page.pk)).count()
    good = f'<p>Read the <a linktype="page" id="{seeded_site.pk}">home page</a>.</p>'
    data = edit_form_data(staff_client, page)
    if field.name == "body":
        data.update(body_data(field.name, good))
    else:
        data[field.name] = [rich_text(good, features=field.features)]
    response = staff_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Revision.objects.filter(object_id=str(page.pk)).count() == revisions + 1
