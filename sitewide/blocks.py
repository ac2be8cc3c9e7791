"""StreamField blocks for the site settings."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.models import Page


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


class MainNavigationBlock(blocks.StreamBlock):
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
