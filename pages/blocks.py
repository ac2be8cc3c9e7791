"""StreamField blocks for page bodies.

Each block has an icon, a template, help text, a description and a preview value, so the block
picker shows editors a rendered example.

A page body is a list of sections (heading with an anchor, then content blocks). Blocks that show
records (roles, contacts, working groups, organisations, documents) render the record's live
version, so one edit to the record changes every page that shows it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.utils import ErrorList
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from richtext.fields import RichTextBlock
from sitewide.blocks import LinkAddressBlock, ReadableListBlock, ReadableStreamBlock
from sitewide.selectors import live_public_pages

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
TEMPLATE_DIR = "components/blocks"

# Examples shown in the block picker (shared where one block's preview contains another).
PARAGRAPH_PREVIEW = (
    "<p>The Bali Process brings together more than 45 members to tackle people smuggling, "
    "trafficking in persons and related transnational crime.</p>"
)
EXTERNAL_DOCUMENT_PREVIEW = {
    "title": "Global Report on Trafficking in Persons",
    "url": "https://www.unodc.org/unodc/en/data-and-analysis/glotip.html",
    "note": "Published every two years.",
}
DOCUMENT_GROUP_PREVIEW = {
    "heading": "People smuggling",
    "items": [("external_document", EXTERNAL_DOCUMENT_PREVIEW)],
}


def first_live(model: type[Model]) -> Model | None:
    """The first live record or page of `model`: what a chooser block's preview shows."""
    return model._default_manager.filter(live=True).order_by("pk").first()


class RelatedSnippetChooserBlock(SnippetChooserBlock):
    """A snippet chooser that loads the records its template shows with the chosen ones.

    All choices of one block type in a body are loaded in one query (`bulk_to_python`); this adds
    the related records (`select_related`, `prefetch_related`) so rendering them costs nothing.
    Drafts are still loaded, as the editor's form needs them; templates show only live records.
    """

    def __init__(self, target_model, *, select_related=(), prefetch_related=(), **kwargs):
        self.select_related = tuple(select_related)
        self.prefetch_related = tuple(prefetch_related)
        super().__init__(target_model, **kwargs)

    def deconstruct(self):
        """Migrations record a plain snippet chooser: loading hints are not schema."""
        _path, args, kwargs = super().deconstruct()
        kwargs = {
            name: value
            for name, value in kwargs.items()
            if name not in ("select_related", "prefetch_related")
        }
        return "wagtail.snippets.blocks.SnippetChooserBlock", args, kwargs

    def bulk_to_python(self, values):
        """The chosen records in the given order (None for missing ones), related records loaded."""
        objects = (
            self.model_class.objects.select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
            .in_bulk(values)
        )
        return [objects.get(value) for value in values]


class ParagraphBlock(RichTextBlock):
    """Plain running text with links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("help_text", "Running text. Use the section heading for headings.")
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = f"{TEMPLATE_DIR}/paragraph.html"
        label = "Paragraph"
        description = "Running text with bold, italics, links and lists."
        preview_value = PARAGRAPH_PREVIEW


class CalloutBlock(blocks.StructBlock):
    """A highlighted box for a key message."""

    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional short heading for the box."
    )
    text = RichTextBlock(features=RICH_TEXT_FEATURES, help_text="The key message.")

    class Meta:
        icon = "warning"
        template = f"{TEMPLATE_DIR}/callout.html"
        label = "Callout"
        help_text = "A highlighted box for one key message. Use sparingly."
        description = help_text
        preview_value = {
            "heading": "In danger now?",
            "text": "<p>If you or someone you know is in immediate danger, call 000.</p>",
        }


class ListBlock(blocks.StructBlock):
    """A bulleted or numbered list."""

    style = blocks.ChoiceBlock(
        choices=[("unordered", "Bullets"), ("ordered", "Numbered")],
        default="unordered",
        help_text="Numbered only when the order matters, e.g. steps.",
    )
    introduction = blocks.CharBlock(
        required=False, max_length=255, help_text="Optional sentence introducing the list."
    )
    items = ReadableListBlock(
        RichTextBlock(features=["bold", "italic", "link"]),
        min_num=1,
        help_text="One entry per item.",
    )

    class Meta:
        icon = "list-ul"
        template = f"{TEMPLATE_DIR}/list.html"
        label = "List"
        help_text = "A bulleted or numbered list."
        description = "A bulleted list, or a numbered one when the order matters."
        preview_value = {
            "style": "unordered",
            "introduction": "The Bali Process works through:",
            "items": [
                "<p>regional cooperation between governments</p>",
                "<p>practical support for victims of trafficking</p>",
            ],
        }


class RelatedLinkBlock(blocks.StructBlock):
    """A link to a page of this site or to an external website, with a short description."""

    page = blocks.PageChooserBlock(
        required=False, help_text="A page on this site. Leave empty to link elsewhere."
    )
    url = blocks.URLBlock(
        required=False, help_text="An external address (https://…), used when no page is chosen."
    )
    title = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Link text. Required for external links; defaults to the page title.",
    )
    description = blocks.CharBlock(
        required=False, max_length=255, help_text="Optional sentence saying what the reader finds."
    )

    class Meta:
        icon = "link"
        template = f"{TEMPLATE_DIR}/related_link.html"
        label = "Related link"
        help_text = "A link to a page on this site or another website."
        description = help_text
        preview_value = {
            "url": "https://www.homeaffairs.gov.au",
            "title": "Department of Home Affairs",
            "description": "Visas, borders and the Australian Border Force.",
        }

    def clean(self, value):
        """Require exactly one target, and link text for external links."""
        value = super().clean(value)
        errors = {}
        if value.get("page") and value.get("url"):
            errors["url"] = ErrorList(["Choose a page or enter an address, not both."])
        elif not value.get("page") and not value.get("url"):
            errors["page"] = ErrorList(["Choose a page or enter an external address."])
        elif value.get("url") and not value.get("title"):
            errors["title"] = ErrorList(["External links need link text."])
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class RoleMentionBlock(blocks.StructBlock):
    """A role, shown with its current title from the record."""

    role = RelatedSnippetChooserBlock(
        "records.Role",
        select_related=["organisation"],
        help_text="The role. Its current title is shown, never a typed copy.",
    )
    show_description = blocks.BooleanBlock(
        required=False, default=True, help_text="Also show the role's description."
    )

    class Meta:
        icon = "user"
        template = f"{TEMPLATE_DIR}/role_mention.html"
        label = "Role"
        help_text = (
            "Shows a role's current title and organisation, kept up to date from the record."
        )
        description = help_text

    def get_preview_value(self) -> Any:
        """The first live role, as the block picker's example."""
        role_block = self.child_blocks["role"]
        return self.normalize(
            {"role": first_live(role_block.model_class), "show_description": True}
        )


class WorkingGroupListBlock(blocks.StructBlock):
    """The working groups of a forum, each with its generated co-chairs sentence."""

    forum = blocks.PageChooserBlock(
        page_type="pages.ForumPage", help_text="The forum whose working groups are listed."
    )

    class Meta:
        icon = "list-ul"
        template = f"{TEMPLATE_DIR}/working_group_list.html"
        label = "Working groups"
        help_text = "Lists a forum's published working groups and their co-chairs."
        description = help_text

    def get_preview_value(self) -> Any:
        """The first live forum, as the block picker's example."""
        return self.normalize({"forum": first_live(self.child_blocks["forum"].target_model)})


class MemberOrganisationsBlock(blocks.StructBlock):
    """A forum's member organisations, with the count computed from the records."""

    forum = blocks.PageChooserBlock(
        page_type="pages.ForumPage", help_text="The forum whose member organisations are listed."
    )

    class Meta:
        icon = "group"
        template = f"{TEMPLATE_DIR}/member_organisations.html"
        label = "Member organisations"
        help_text = "Lists a forum's member organisations; the count is computed, never typed."
        description = help_text

    def get_preview_value(self) -> Any:
        """The first live forum, as the block picker's example."""
        return self.normalize({"forum": first_live(self.child_blocks["forum"].target_model)})


class ContactBlock(blocks.StructBlock):
    """A contact point rendered as an address with its channels."""

    contact = RelatedSnippetChooserBlock(
        "records.ContactPoint",
        select_related=["recipient_role__organisation", "organisation"],
        prefetch_related=["channels"],
        help_text="The contact point. Edit it under Records to change it everywhere.",
    )

    class Meta:
        icon = "mail"
        template = f"{TEMPLATE_DIR}/contact.html"
        label = "Contact"
        help_text = "Shows a contact point's address, phone, email and opening hours."
        description = help_text

    def get_preview_value(self) -> Any:
        """The first live contact point, as the block picker's example."""
        return self.normalize({"contact": first_live(self.child_blocks["contact"].model_class)})

    def get_context(self, value, parent_context=None):
        """Add the live contact point with its channels, or nothing while it is a draft."""
        context = super().get_context(value, parent_context=parent_context)
        contact = value.get("contact")
        context["contact_point"] = contact if contact is not None and contact.live else None
        return context


class DocumentItemBlock(blocks.StructBlock):
    """A published document from the document library."""

    document = DocumentChooserBlock(help_text="The document from the library.")
    note = blocks.CharBlock(
        required=False, max_length=255, help_text="Optional note shown after the link."
    )

    class Meta:
        icon = "doc-full"
        template = f"{TEMPLATE_DIR}/document_item.html"
        label = "Document"
        help_text = "A document from the library, linked with its format and size."
        description = help_text

    def get_preview_value(self) -> Any:
        """The library's first document, as the block picker's example."""
        document_block = self.child_blocks["document"]
        document = document_block.model_class._default_manager.order_by("pk").first()
        return self.normalize({"document": document, "note": "Summary available on request."})


class ExternalDocumentBlock(blocks.StructBlock):
    """A document published elsewhere, linked with its publisher."""

    title = blocks.CharBlock(max_length=255, help_text="The document's title, as published.")
    publisher = SnippetChooserBlock(
        "records.Organisation", required=False, help_text="The organisation that publishes it."
    )
    url = blocks.URLBlock(help_text="The document's address, starting https://.")
    note = blocks.CharBlock(
        required=False, max_length=255, help_text="Optional note shown after the link."
    )

    class Meta:
        icon = "link-external"
        template = f"{TEMPLATE_DIR}/external_document.html"
        label = "External document"
        help_text = "A document published on another website, with its publisher."
        description = help_text
        preview_value = EXTERNAL_DOCUMENT_PREVIEW


class DocumentsBlock(ReadableStreamBlock):
    """Documents from the library or other websites, in the order shown."""

    document = DocumentItemBlock()
    external_document = ExternalDocumentBlock()


class DocumentGroupBlock(blocks.StructBlock):
    """A headed group of documents, optionally tied to a document category."""

    heading = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Group heading. Leave empty to use the category's name.",
    )
    category = SnippetChooserBlock(
        "records.DocumentCategory",
        required=False,
        help_text="Optional category; its name is the heading when no heading is typed.",
    )
    items = DocumentsBlock(
        required=False,
        help_text="Documents in this group, in the order shown.",
    )

    class Meta:
        icon = "folder-open-inverse"
        template = f"{TEMPLATE_DIR}/document_group.html"
        label = "Document group"
        help_text = "A heading followed by documents from the library or other websites."
        description = help_text
        preview_value = DOCUMENT_GROUP_PREVIEW

    def clean(self, value):
        """A group needs a heading or a category to be headed by."""
        value = super().clean(value)
        if not value.get("heading") and not value.get("category"):
            raise StructBlockValidationError(
                block_errors={"heading": ErrorList(["Type a heading or choose a category."])}
            )
        return value


class KeyDocumentsBlock(blocks.StructBlock):
    """Key documents in ordered, headed groups."""

    groups = ReadableListBlock(DocumentGroupBlock(), help_text="Groups, in the order shown.")

    class Meta:
        icon = "doc-full-inverse"
        template = f"{TEMPLATE_DIR}/key_documents.html"
        label = "Key documents"
        help_text = "Documents grouped under headings such as “People smuggling”."
        description = help_text
        preview_value = {"groups": [DOCUMENT_GROUP_PREVIEW]}


TABLE_OPTIONS = {
    "startRows": 3,
    "startCols": 3,
    "contextMenu": [
        "row_above",
        "row_below",
        "---------",
        "col_left",
        "col_right",
        "---------",
        "remove_row",
        "remove_col",
        "---------",
        "undo",
        "redo",
    ],
    "renderer": "text",
}
TABLE_PREVIEW = {
    "table_caption": "Bali Process ministerial conferences",
    "table_header_choice": "row",
    "first_row_is_table_header": True,
    "first_col_is_header": False,
    "data": [
        ["Conference", "Year", "Host"],
        ["First", "2002", "Bali, Indonesia"],
        ["Eighth", "2023", "Adelaide, Australia"],
    ],
}


class DataTableBlock(blocks.StructBlock):
    """A table of facts with a caption and header cells, which reflows on small screens."""

    summary = blocks.TextBlock(
        required=False,
        max_length=500,
        help_text=(
            "Optional sentence shown above the table saying how it is arranged or what it "
            "shows, e.g. “Each row is a conference, newest last.”"
        ),
    )
    table = TableBlock(
        table_options=TABLE_OPTIONS,
        help_text=(
            "Type the cells as plain text. Give the table a caption, and choose which cells "
            "are headers: the first row, the first column or both."
        ),
    )

    class Meta:
        icon = "table"
        template = f"{TEMPLATE_DIR}/table.html"
        label = "Table"
        help_text = (
            "A table of facts with a caption and header cells. On small screens each row is "
            "shown as a list, each cell named by its column header."
        )
        description = "A table with a caption and header cells, readable on any screen."
        preview_value = {
            "summary": "Each row is a conference, earliest first.",
            "table": TABLE_PREVIEW,
        }

    def clean(self, value):
        """Require a caption and at least one header row or column."""
        value = super().clean(value)
        table = value.get("table") or {}
        message = ""
        if not (table.get("table_caption") or "").strip():
            message = "Give the table a caption saying what it shows; screen readers read it first."
        elif not (table.get("first_row_is_table_header") or table.get("first_col_is_header")):
            message = "Choose header cells: the first row, the first column or both."
        elif not any(any(cell for cell in row) for row in table.get("data") or []):
            message = "The table is empty; type its cells."
        if message:
            raise StructBlockValidationError(
                block_errors={"table": ErrorList([ValidationError(message)])}
            )
        return value

    def get_context(self, value, parent_context=None):
        """Add the caption, the column headers and the rows, each cell with its column header."""
        context = super().get_context(value, parent_context=parent_context)
        context.update(table_cells(value.get("table") or {}))
        block_id = (parent_context or {}).get("block_id") or slugify(context["caption"])
        context["summary_id"] = f"table-summary-{block_id or 'table'}"
        return context


def table_cells(table: dict[str, Any]) -> dict[str, Any]:
    """A TableBlock value as `caption`, `column_headers` and `rows` of (text, is_header, label).

    Empty cells are empty strings; rows with no text at all are left out.
    """
    data = [
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in table.get("data") or []
    ]
    data = [row for row in data if any(row)]
    column_headers: list[str] = []
    if data and table.get("first_row_is_table_header"):
        column_headers, data = data[0], data[1:]
    row_headers = bool(table.get("first_col_is_header"))
    rows = [
        [
            (
                text,
                row_headers and number == 0,
                column_headers[number] if number < len(column_headers) else "",
            )
            for number, text in enumerate(row)
        ]
        for row in data
    ]
    return {
        "caption": (table.get("table_caption") or "").strip(),
        "column_headers": column_headers,
        "rows": rows,
    }


class RelatedExternalLinkBlock(blocks.StructBlock):
    """A link to another website in a “Related content” block."""

    title = blocks.CharBlock(max_length=255, help_text="The link text: the page's name there.")
    url = LinkAddressBlock(
        label="Address",
        help_text="A full address starting https://, or a path on this site starting /.",
    )

    class Meta:
        icon = "link-external"
        label = "Link"
        help_text = "A link by address, for pages on other websites."


class RelatedContentBlock(blocks.StructBlock):
    """A headed list of pages of this site (named by their current titles) and other links."""

    heading = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional heading. Leave blank for “Related content”.",
    )
    pages = ReadableListBlock(
        blocks.PageChooserBlock(help_text="A page of this portal."),
        min_num=0,
        help_text=(
            "Pages of this portal, shown with their current titles. Unpublished or private "
            "pages are left out until they are published."
        ),
    )
    links = ReadableListBlock(
        RelatedExternalLinkBlock(),
        min_num=0,
        help_text="Optional links to other websites, shown after the pages.",
    )

    class Meta:
        icon = "list-ul"
        template = f"{TEMPLATE_DIR}/related_content.html"
        label = "Related content"
        help_text = (
            "A list of related pages, named by their current titles, and links to other websites."
        )
        description = help_text

    def get_preview_value(self) -> Any:
        """The site's first live pages below the home page, as the block picker's example."""
        pages = list(live_public_pages().filter(depth=3).order_by("path")[:2])
        return self.normalize(
            {
                "heading": "",
                "pages": pages,
                "links": [
                    {"title": "Department of Home Affairs", "url": "https://www.homeaffairs.gov.au"}
                ],
            }
        )

    def clean(self, value):
        """A related content block needs at least one page or link."""
        value = super().clean(value)
        if not value.get("pages") and not value.get("links"):
            raise StructBlockValidationError(
                block_errors={"pages": ErrorList([ValidationError("Choose a page or add a link.")])}
            )
        return value


class SectionContentBlock(ReadableStreamBlock):
    """The blocks allowed inside a section."""

    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    list = ListBlock()
    related_link = RelatedLinkBlock()
    role = RoleMentionBlock()
    working_groups = WorkingGroupListBlock()
    member_organisations = MemberOrganisationsBlock()
    contact = ContactBlock()
    key_documents = KeyDocumentsBlock()
    table = DataTableBlock()
    related_content = RelatedContentBlock()

    class Meta:
        icon = "placeholder"


class SectionBlock(blocks.StructBlock):
    """A headed section of a page; its heading is listed under “On this page”."""

    heading = blocks.CharBlock(max_length=120, help_text="The section heading (a level 2 heading).")
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="Optional web address fragment, e.g. “bali-process”. Defaults to the heading.",
    )
    content = SectionContentBlock(help_text="What the section says.")

    class Meta:
        icon = "title"
        template = f"{TEMPLATE_DIR}/section.html"
        label = "Section"
        help_text = "A heading followed by paragraphs, lists, tables, records and documents."
        description = help_text
        preview_value = {
            "heading": "How the Bali Process works",
            "content": [("paragraph", PARAGRAPH_PREVIEW)],
        }

    def clean(self, value):
        """Keep anchors to lower-case letters, digits and hyphens."""
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and slugify(anchor) != anchor:
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ErrorList(
                        [ValidationError("Use lower-case letters, digits and hyphens only.")]
                    )
                }
            )
        return value


def section_anchor(section_value):
    """The id a section's heading carries: the editor's anchor, or one made from the heading."""
    return section_value.get("anchor") or slugify(section_value.get("heading", "")) or "section"


class BodyBlock(ReadableStreamBlock):
    """A page body: a list of sections."""

    section = SectionBlock()

    class Meta:
        icon = "doc-full"
