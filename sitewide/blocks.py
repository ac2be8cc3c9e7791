"""StreamField blocks for the site settings, and the stream and list blocks all StreamFields use."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.models import Page

UNREADABLE_FORM_DATA = (
    "This content could not be read from the form. Reload the page and try again; "
    "nothing was saved."
)


def read_count(data: Mapping[str, Any], prefix: str) -> int:
    """The posted `<prefix>-count` of a stream or list; raises if it is missing, bad or negative."""
    count = int(data[f"{prefix}-count"])
    if count < 0:
        raise ValueError(f"{prefix}-count is negative")
    return count


class UnreadableStreamValue(blocks.StreamValue):
    """An empty stream standing in for posted data that could not be read."""


class UnreadableListValue(ListValue):
    """An empty list standing in for posted data that could not be read."""


class ReadableStreamBlock(blocks.StreamBlock):
    """A stream block that refuses a post it cannot read with a form error, never a 500.

    Wagtail reads a stream from `<prefix>-count` and each item's `-deleted`, `-order` and `-type`,
    and raises KeyError or ValueError when a hand-crafted or truncated post lacks or garbles one.
    Here such a post reads as an empty `UnreadableStreamValue`, which `clean` refuses, so the form
    is invalid and the stored content stays as it was. The check sits on the block rather than
    the form because Django reads the field through the block both when validating and when
    showing the form again with its errors, and because each nested stream and list reads its
    own count: one rule here covers every depth, in page, settings and snippet forms alike.
    """

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, prefix: str) -> Any:
        """The posted stream, or an `UnreadableStreamValue` when its fields are missing or bad."""
        try:
            read_count(data, prefix)
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            return UnreadableStreamValue(self, [])

    def clean(self, value: Any) -> Any:
        """Refuse a stream that could not be read from the form; otherwise as Wagtail does."""
        if isinstance(value, UnreadableStreamValue):
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(UNREADABLE_FORM_DATA)])
            )
        return super().clean(value)


class ReadableListBlock(blocks.ListBlock):
    """A list block that refuses a post it cannot read with a form error, never a 500.

    The list counterpart of `ReadableStreamBlock`. Migrations record it as a plain ListBlock, as
    the reading rule is not part of the stored data.
    """

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, prefix: str) -> Any:
        """The posted list, or an `UnreadableListValue` when its fields are missing or bad."""
        try:
            read_count(data, prefix)
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            return UnreadableListValue(self, values=[])

    def clean(self, value: Any) -> Any:
        """Refuse a list that could not be read from the form; otherwise as Wagtail does."""
        if isinstance(value, UnreadableListValue):
            raise blocks.ListBlockValidationError(
                non_block_errors=ErrorList([ValidationError(UNREADABLE_FORM_DATA)])
            )
        return super().clean(value)

    def deconstruct(self) -> tuple[str, Any, Any]:
        """Migrations record a plain ListBlock: how a post is read is not schema."""
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.ListBlock", args, kwargs


class FooterLinkBlock(blocks.StructBlock):
    """One link in the site footer, to a page of the portal or to another website."""

    label = blocks.CharBlock(
        max_length=80, help_text="The link text, e.g. “Privacy” or “Accessibility”."
    )
    page = blocks.PageChooserBlock(
        required=False, help_text="A page of this portal. Leave blank to link elsewhere."
    )
    url = blocks.URLBlock(
        required=False,
        label="Web address",
        help_text="A full address starting https://, used only when no page is chosen.",
    )

    class Meta:
        icon = "link"
        template = "sitewide/blocks/footer_link.html"
        help_text = "Choose a page, or give a web address. Not both."
        description = "One link in the footer of every page."
        preview_value = {"label": "Accessibility", "url": "https://www.dfat.gov.au/accessibility"}

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or give a web address, but not both."
            raise blocks.StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


def validate_link_address(value: str) -> None:
    """Accept a path on this site (“/search/”) or a full https:// or http:// address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["https", "http"])(value)


class LinkAddressBlock(blocks.CharBlock):
    """A web address: a path on this site, or a full address starting https://."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("validators", [validate_link_address])
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


class NavPageBlock(blocks.StructBlock):
    """A page of the portal in the main navigation, named by its current title by default."""

    page = blocks.PageChooserBlock(help_text="The page. Its current title is the link text.")
    label = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="Optional shorter link text. Leave blank to follow the page's title.",
    )

    class Meta:
        icon = "doc-empty"
        template = "sitewide/blocks/nav_item.html"
        label = "Page"
        help_text = (
            "A page of this portal. It is left out while it is unpublished or private, and a "
            "new title shows as soon as it is published."
        )
        description = "A page of this portal, named by its current title."

    def get_preview_value(self) -> Any:
        """The site's first live page below the root, as the block picker's example."""
        page = Page.objects.live().filter(depth=3).order_by("path").first()
        return self.normalize({"page": page, "label": ""})


class NavLinkBlock(blocks.StructBlock):
    """A link in the main navigation to an address: a path on this site or another website."""

    label = blocks.CharBlock(max_length=40, help_text="The link text, e.g. “Search”.")
    url = LinkAddressBlock(
        label="Address",
        help_text="A path on this site starting / (e.g. “/search/”), or a full address "
        "starting https://.",
    )

    class Meta:
        icon = "link"
        template = "sitewide/blocks/nav_item.html"
        label = "Link"
        help_text = "A link by address, for what is not a page of the portal, e.g. the search."
        description = help_text
        preview_value = {"label": "Search", "url": "/search/"}


MAIN_NAVIGATION_MAXIMUM = 8


class MainNavigationBlock(ReadableStreamBlock):
    """The main navigation: up to eight pages and links, in the order shown."""

    page = NavPageBlock()
    link = NavLinkBlock()

    class Meta:
        icon = "list-ul"
        max_num = MAIN_NAVIGATION_MAXIMUM

    def clean(self, value: Any) -> Any:
        """Refuse more than eight items with a message that says why."""
        extra = len(value) - MAIN_NAVIGATION_MAXIMUM
        if extra > 0:
            message = (
                f"The main navigation holds at most {MAIN_NAVIGATION_MAXIMUM} items, so it stays "
                f"short enough to scan. Remove {extra}."
            )
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message)])
            )
        return super().clean(value)


class FooterLinksBlock(ReadableStreamBlock):
    """The footer links, in the order shown."""

    link = FooterLinkBlock()
