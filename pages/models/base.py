"""The abstract page every public page type extends."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from .changes import PageChange

CHANGE_NOTE_MAX_LENGTH = 300


class ChangeType(models.TextChoices):
    """How much a publish changes a page, for its public history."""

    MINOR = "minor", "Minor change (a typo, a broken link, wording that does not change meaning)"
    MAJOR = "major", "Major change (something a reader would want to know about)"


class BasePageForm(WagtailAdminPageForm):
    """Wagtail's page form; a publish that does not say how much it changes is minor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "change_type" in self.fields:
            self.fields["change_type"].required = False

    def clean_change_type(self) -> str:
        """No choice (a form posted without the Settings tab's fields) means a minor change."""
        return self.cleaned_data.get("change_type") or ChangeType.MINOR


class BasePage(Page):
    """Summary, review date, social image, change notes and AGLS metadata of every page."""

    summary = models.TextField(
        max_length=320,
        blank=True,
        help_text=(
            "One or two plain sentences shown under the title, in listings and search results, "
            "and used as the meta description. 320 characters at most."
        ),
    )
    review_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the page owner should next check this page is still accurate.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image shown when the page is shared on social media (1200 × 630 pixels).",
    )

    change_type = models.CharField(
        max_length=5,
        choices=ChangeType.choices,
        default=ChangeType.MINOR,
        help_text=(
            "Major: the page's “Last updated” date changes and your change note is listed "
            "under “See all updates” and in the page-updates feed. Minor: nothing public "
            "changes but the content."
        ),
    )
    change_note = models.CharField(
        max_length=CHANGE_NOTE_MAX_LENGTH,
        blank=True,
        help_text=(
            "Required for a major change. Public: shown on the page and in the updates feed, "
            "e.g. “Added the 2025 ministerial conference outcomes.” Plain text, 300 characters "
            "at most. Starts empty after each publish."
        ),
    )
    public_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the page last had a major change (or was first published).",
    )
    agls_function = models.CharField(
        "AGLS function",
        max_length=255,
        blank=True,
        help_text=(
            "The government function the page is about, as a term of the Australian "
            "Government Interactive Functions Thesaurus (AGIFT), e.g. “Border control” or "
            "“International relations”. Leave blank to use the section's (the nearest "
            "page above that has one)."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel(
                    "search_description",
                    heading="Meta description (optional)",
                    help_text="Leave blank: search engines then show the Summary from the "
                    "Content tab. Fill in only when search results need different wording.",
                ),
            ],
            heading="For search engines",
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "show_in_menus",
                    help_text="Ticked: the page is listed under “In this section” on its parent "
                    "(the home page for topics) and in the site's menus. Untick to reach it "
                    "only through links. Ticked by default for topic, forum and "
                    "working-group pages.",
                )
            ],
            heading="For site menus",
        ),
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("review_date")],
            heading="Sharing and review",
        ),
        MultiFieldPanel(
            [FieldPanel("agls_function")],
            heading="Government metadata (AGLS)",
        ),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("change_type", widget=forms.RadioSelect),
                FieldPanel("change_note", widget=forms.Textarea(attrs={"rows": 3})),
            ],
            heading="Publishing this change",
        ),
        *Page.settings_panels,
    ]
    api_fields = [APIField("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    base_form_class = BasePageForm
    exclude_fields_in_copy = ["change_type", "change_note", "public_updated_at"]

    class Meta:
        abstract = True

    def clean(self) -> None:
        """A major change needs a public change note; the note is stored trimmed."""
        super().clean()
        self.change_note = " ".join(self.change_note.split())
        if self.change_type == ChangeType.MAJOR and not self.change_note:
            raise ValidationError(
                {"change_note": "Write a change note for a major change, or choose minor."}
            )

    def with_content_json(self, content: dict[str, Any]) -> "BasePage":
        """A revision's page, keeping the public "Last updated" date of the live page."""
        page = super().with_content_json(content)
        page.public_updated_at = self.public_updated_at
        return page

    @property
    def last_updated(self) -> datetime.datetime | None:
        """The public "Last updated" date: the latest major change, else the first publication.

        Minor changes do not move it (see docs/content-model.md, "Change notes and metadata").
        """
        return self.public_updated_at or self.first_published_at

    @cached_property
    def change_history(self) -> list[PageChange]:
        """The page's public history, newest first (one query)."""
        return list(self.public_changes.all())

    @property
    def meta_description(self) -> str:
        """The meta description: the promote tab's description, falling back to the summary."""
        return self.search_description or self.summary
