"""Records that pages refer to: facts edited once and shown everywhere."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index


class Country(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A country, named once and referred to by forums, working groups and co-chairs."""

    name = models.CharField(max_length=100, unique=True, help_text="Short name, e.g. “Indonesia”.")
    iso_code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        help_text="ISO 3166-1 alpha-2 code in capitals, e.g. “ID” for Indonesia.",
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="country")
    panels = [FieldPanel("name"), FieldPanel("iso_code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class Organisation(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """An organisation: an intergovernmental body, a government agency or another body."""

    class Kind(models.TextChoices):
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organisation"
        GOVERNMENT_AGENCY = "government_agency", "Government agency"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=255, unique=True, help_text="Full official name, without the acronym."
    )
    acronym = models.CharField(
        max_length=30, blank=True, help_text="Common short form, e.g. “IOM”. Leave blank if none."
    )
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="What sort of body this is.",
    )
    website = models.URLField(blank=True, help_text="Official website address, starting https://.")

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="organisation")
    panels = [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("kind"), FieldPanel("website")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
        index.AutocompleteField("acronym"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def revisions(self):
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions


class DocumentCategory(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A heading under which key documents are grouped, e.g. “People smuggling”."""

    name = models.CharField(max_length=100, unique=True, help_text="Heading shown to the public.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in filter links; lower case and hyphens only."
    )
    description = models.TextField(
        blank=True, help_text="Optional sentence shown under the heading on listings."
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="document_category")
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "document categories"

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        """Revisions of this record, for Wagtail's history views."""
        return self._revisions
