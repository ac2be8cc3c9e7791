"""Site-wide settings edited in Wagtail's Settings menu by site administrators only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import FooterLinksBlock, MainNavigationBlock


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """The department's identity, main navigation, footer links and defaults on every page."""

    department_name = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Shown in the header, footer and page titles. Leave blank to use "
            f"“{settings.PORTAL_DEPARTMENT_NAME}”."
        ),
    )
    main_navigation = StreamField(
        MainNavigationBlock(),
        blank=True,
        help_text=(
            "The pages and links in the header of every page, in this order (at most eight). "
            "Leave empty for no main navigation."
        ),
    )
    footer_links = StreamField(
        FooterLinksBlock(),
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
    accessible_format_contact = models.ForeignKey(
        "records.ContactPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "Who receives “Request an accessible format” messages: the form e-mails this "
            "contact point's first e-mail channel. Every request is also kept under "
            "Accessible format requests."
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
        FieldPanel("main_navigation"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [
                FieldPanel("accessible_format_page"),
                FieldPanel("accessible_format_contact"),
                FieldPanel("social_image"),
            ],
            heading="Defaults for every page",
        ),
    ]

    class Meta:
        verbose_name = "portal settings"
        verbose_name_plural = "portal settings"

    def __str__(self) -> str:
        return f"Portal settings for {self.site}"


class AccessibleFormatRequest(models.Model):
    """A member of the public's request for a document in another format, kept for staff."""

    class Format(models.TextChoices):
        WORD = "word", "Word document"
        PLAIN_TEXT = "plain_text", "Plain text"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy Read"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        OTHER = "other", "Something else (describe it below)"

    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The document asked for.",
    )
    document_title = models.CharField(
        max_length=255, help_text="The document's title when the request was made."
    )
    name = models.CharField(max_length=120, help_text="The requester's name.")
    email = models.EmailField(help_text="Where to send the document.")
    format = models.CharField(
        max_length=20, choices=Format.choices, help_text="The format the requester needs."
    )
    details = models.TextField(
        blank=True, max_length=1000, help_text="Anything else the requester told us."
    )
    contact_point = models.ForeignKey(
        "records.ContactPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The contact point the request was sent to.",
    )
    sent_to = models.EmailField(blank=True, help_text="The address the request was e-mailed to.")
    emailed = models.BooleanField(
        default=False, help_text="Whether the e-mail was handed to the mail server."
    )
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was received.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "accessible format request"

    def __str__(self) -> str:
        return f"{self.document_title} as {self.get_format_display()} for {self.name}"
