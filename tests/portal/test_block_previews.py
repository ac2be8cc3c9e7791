"""Every block an editor can pick, in every StreamField, is documented and previewable.

The block picker shows each block's description and a rendered preview; these tests walk every
StreamField in the project, so a new block without them fails here.
"""

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from fpdf import FPDF
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.models import Collection

from tests.staff import sign_in_verified


def _stream_fields() -> list[tuple[str, StreamField]]:
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]


def _pickable_blocks(block: blocks.Block, path: str) -> Iterator[tuple[str, blocks.Block]]:
    """The blocks offered in a block picker: the children of every StreamBlock, at any depth."""
    if isinstance(block, blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            yield f"{path}.{name}", child
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    for name, child in children.items():
        yield from _pickable_blocks(child, f"{path}.{name}")


def _all_pickable() -> list[tuple[str, blocks.Block]]:
    """One instance of each pickable block class (several page types share the same blocks)."""
    found: dict[type[blocks.Block], tuple[str, blocks.Block]] = {}
    for label, field in _stream_fields():
        for path, block in _pickable_blocks(field.stream_block, label):
            found.setdefault(type(block), (path, block))
    return sorted(found.values(), key=lambda item: item[0])


PICKABLE = _all_pickable()


def test_the_walk_finds_the_project_blocks():
    names = {type(block).__name__ for _, block in PICKABLE}
    assert {"SectionBlock", "ParagraphBlock", "KeyDocumentsBlock", "FooterLinkBlock"} <= names
    assert {"DocumentItemBlock", "ExternalDocumentBlock"} <= names


@pytest.mark.parametrize(("path", "block"), PICKABLE, ids=[path for path, _ in PICKABLE])
def test_block_has_icon_template_help_and_description(path, block):
    assert block.meta.icon and block.meta.icon != "placeholder", f"{path}: set Meta.icon"
    assert getattr(block.meta, "template", None), f"{path}: set Meta.template"
    help_text = getattr(block.meta, "help_text", None) or getattr(block.field, "help_text", "")
    assert help_text, f"{path}: set help_text"
    assert block.get_description(), f"{path}: set Meta.description"
    assert block.is_previewable, f"{path}: give it a preview_value (or get_preview_value)"


@pytest.fixture
def library_document(settings, tmp_path, db):
    """A real PDF in the document library, for the document block's preview to show."""
    settings.MEDIA_ROOT = tmp_path
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Annual report")
    document = get_document_model()(
        title="Annual report", collection=Collection.get_first_root_node()
    )
    document.file.save("annual-report.pdf", ContentFile(bytes(pdf.output())))
    return document


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "block"), PICKABLE, ids=[path for path, _ in PICKABLE])
def test_block_preview_renders_with_content(
    path, block, seeded_site, library_document, admin_client, admin_user
):
    sign_in_verified(admin_client, admin_user)
    value = block.get_preview_value()
    assert value, f"{path}: the preview value is empty"
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(child, blocks.ChooserBlock) and child.required:
                assert value.get(name) is not None, f"{path}: the preview chooses no {name}"
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/portal.css" in html, "the preview uses the site's styles"
    rendered = block.render(value)
    assert rendered.strip(), f"{path}: the preview renders nothing"
    assert rendered.strip()[:40] in html
