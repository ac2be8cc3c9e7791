"""Site-wide settings edited in Wagtail's Settings menu by site administrators only."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import FooterLinkBlock


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """The department's identity, footer links and defaults used on every public page."""

    department_name = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Shown in the header, footer and page titles. Leave blank to use "
            f"“{settings.PORTAL_DEPARTMENT_NAME}”."
        ),
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        help_text="Links listed in the footer of every page, in this order.",
    )
    accessible_format_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "The page people use to ask for a document in an accessible format, "
            "offered beside every document that has no accessible version."
        ),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page without its own social image is shared (1200 × 630 pixels).",
    )

    panels = [
        FieldPanel("department_name"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [FieldPanel("accessible_format_page"), FieldPanel("social_image")],
            heading="Defaults for every page",
        ),
    ]

    class Meta:
        verbose_name = "portal settings"
        verbose_name_plural = "portal settings"

    def __str__(self) -> str:
        return f"Portal settings for {self.site}"
