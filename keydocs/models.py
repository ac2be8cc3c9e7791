"""The portal's document model and the history of its replaced files."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from keydocs.validation import sanitise_filename

DEFAULT_LANGUAGE = "en-AU"
LANGUAGE_NAMES = {
    "en-AU": "English",
    "en": "English",
    "ar": "Arabic",
    "fa": "Persian",
    "fr": "French",
    "id": "Indonesian",
    "km": "Khmer",
    "ms": "Malay",
    "my": "Burmese",
    "ps": "Pashto",
    "si": "Sinhala",
    "ta": "Tamil",
    "th": "Thai",
    "tl": "Tagalog",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
SHORT_KIND = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": "OpenDocument text",
    "ods": "OpenDocument spreadsheet",
    "rtf": "RTF",
    "csv": "CSV",
    "txt": "Text",
}


def document_upload_to(instance, filename):
    """Store every document file under documents/ with a sanitised name."""
    return f"documents/{sanitise_filename(filename)}"


class KeyDocument(AbstractDocument):
    """A published document: the file, what it is, who published it and facts read from it."""

    class DocumentType(models.TextChoices):
        STRATEGY = "strategy", "Strategy"
        ACTION_PLAN = "action_plan", "Action plan"
        REPORT = "report", "Report"
        TREATY = "treaty", "Treaty or agreement"
        FACT_SHEET = "fact_sheet", "Fact sheet"
        SPEECH = "speech", "Speech"
        OTHER = "other", "Other"

    file = models.FileField(upload_to=document_upload_to, max_length=255, verbose_name="file")
    description = models.TextField(
        blank=True,
        help_text="One or two sentences saying what the document is and who it is for.",
    )
    publication_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date the publisher released this document, as printed on it.",
    )
    category = models.ForeignKey(
        "records.DocumentCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The heading this document is listed under, e.g. “Human trafficking”.",
    )
    document_type = models.CharField(
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.OTHER,
        help_text="What kind of publication this is; used to filter the key documents list.",
    )
    publisher = models.ForeignKey(
        "records.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The organisation that published the document.",
    )
    language = models.CharField(
        max_length=20,
        default=DEFAULT_LANGUAGE,
        help_text="Language of the document as a language tag, e.g. “en-AU”, “id” or “fr”.",
    )
    accessible_alternative = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: an accessible version of this document (e.g. a tagged Word file).",
    )
    accessible_alternative_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a web page with the same content as this document.",
    )

    public_filename = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="File name in the public address; kept when the file is replaced.",
    )
    mime_type = models.CharField(max_length=120, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pdf_tagged = models.BooleanField("PDF is tagged", null=True, editable=False)
    pdf_has_text = models.BooleanField("PDF has a text layer", null=True, editable=False)
    pdf_has_title = models.BooleanField("PDF has a title", null=True, editable=False)
    extracted_text = models.TextField(blank=True, editable=False)
    extraction_error = models.CharField(max_length=255, blank=True, editable=False)
    replaced_at = models.DateTimeField(null=True, blank=True, editable=False)

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "publication_date",
        "category",
        "document_type",
        "publisher",
        "language",
        "accessible_alternative",
        "accessible_alternative_page",
    )
    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("description"),
        index.SearchField("extracted_text"),
        index.FilterField("document_type"),
        index.FilterField("category"),
        index.FilterField("publication_date"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    def clean(self):
        """Refuse an accessible alternative that points back at this document."""
        super().clean()
        if self.pk and self.accessible_alternative_id == self.pk:
            raise ValidationError(
                {"accessible_alternative": "A document cannot be its own accessible alternative."}
            )

    @property
    def filename(self):
        """The name in the public address: stable across replacements of the file."""
        return self.public_filename or os.path.basename(self.file.name)

    @property
    def content_type(self):
        """The MIME type detected from the file's bytes at upload."""
        return self.mime_type or super().content_type

    @property
    def kind_label(self):
        """Short human name of the file type, e.g. "PDF" or "Word"."""
        return SHORT_KIND.get(self.file_extension.lower(), self.file_extension.upper() or "File")

    @property
    def size_label(self):
        """File size with Australian units, e.g. "1.2 MB"."""
        return filesizeformat(self.file_size).replace("\xa0", " ") if self.file_size else ""

    @property
    def language_name(self):
        """The document language's English name, or its tag when unknown."""
        tag = (self.language or DEFAULT_LANGUAGE).strip()
        return LANGUAGE_NAMES.get(tag) or LANGUAGE_NAMES.get(tag.split("-")[0]) or tag

    @property
    def is_default_language(self):
        """True when the document is in the portal's language, Australian English."""
        return (self.language or DEFAULT_LANGUAGE).lower() in {DEFAULT_LANGUAGE.lower(), "en"}

    def _set_document_file_metadata(self):
        """Fill size, hashes, detected type, PDF facts and text from the file (never typed)."""
        from keydocs.services import document_apply_file_facts

        super()._set_document_file_metadata()
        document_apply_file_facts(document=self)


class KeyDocumentVersion(models.Model):
    """A file that a document used to have, recorded when an editor replaced it."""

    document = models.ForeignKey(KeyDocument, on_delete=models.CASCADE, related_name="versions")
    replaced_at = models.DateTimeField(help_text="When the file was replaced.")
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who uploaded the replacement.",
    )
    old_file_name = models.CharField(max_length=255, help_text="Stored name of the old file.")
    old_file_size = models.PositiveBigIntegerField(null=True, help_text="Old file size in bytes.")
    old_sha256 = models.CharField("old SHA-256", max_length=64, blank=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]
        verbose_name = "document version"

    def __str__(self):
        return f"{self.document} – file replaced {self.replaced_at:%d %B %Y}"
