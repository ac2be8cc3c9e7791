"""StreamField blocks for the site settings."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks


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
