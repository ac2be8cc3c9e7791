"""The portal's document model and the history of its replaced files."""

import os
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from wagtail.documents.models import AbstractDocument, Document
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Revision,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from keydocs.facts import (
    UNKNOWN_MIME_TYPE,
    FileFacts,
    clean_title,
    file_hashes,
    read_file_facts,
    title_is_from_filename,
)
from keydocs.filetypes import file_type_for
from keydocs.signals import document_file_publishing
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


def document_upload_to(instance: "KeyDocument", filename: str) -> str:
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
    live_since = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the file now served was approved; empty until a first approval.",
    )

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
    search_fields: ClassVar[list[index.BaseField]] = [
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

    # `keydocs.indexing` writes the search index once per change instead of on every save.
    search_auto_update = False

    def clean(self) -> None:
        """Refuse an accessible alternative that points back at this document."""
        super().clean()
        if self.pk and self.accessible_alternative_id == self.pk:
            raise ValidationError(
                {"accessible_alternative": "A document cannot be its own accessible alternative."}
            )

    @property
    def filename(self) -> str:
        """The name in the public address: stable across replacements of the file."""
        return self.public_filename or os.path.basename(self.file.name or "")

    @property
    def content_type(self) -> str:
        """The MIME type detected from the file's bytes at upload."""
        return self.mime_type or super().content_type

    @property
    def kind_label(self) -> str:
        """Short human name of the file type, e.g. "PDF" or "Word"."""
        file_type = file_type_for(self.file_extension)
        return file_type.label if file_type else (self.file_extension.upper() or "File")

    @property
    def kind_name(self) -> str:
        """The file type as editors name it, e.g. "PDF" or "Word document"; '' if unknown."""
        file_type = file_type_for(self.file_extension)
        return capfirst(file_type.name) if file_type else ""

    @property
    def size_label(self) -> str:
        """File size with Australian units, e.g. "1.2 MB"."""
        return filesizeformat(self.file_size).replace("\xa0", " ") if self.file_size else ""

    @property
    def language_name(self) -> str:
        """The document language's English name, or its tag when unknown."""
        tag = (self.language or DEFAULT_LANGUAGE).strip()
        return LANGUAGE_NAMES.get(tag) or LANGUAGE_NAMES.get(tag.split("-")[0]) or tag

    @property
    def is_default_language(self) -> bool:
        """True when the document is in the portal's language, Australian English."""
        return (self.language or DEFAULT_LANGUAGE).lower() in {DEFAULT_LANGUAGE.lower(), "en"}

    def read_file_facts(self, file: Any = None, *, strict: bool = True) -> FileFacts:
        """Check `file` as this document's new file, or its current file when None.

        Cheap enough for the upload request: hashes, size and the type detected from the
        bytes; nothing is extracted (`keydocs.processing` does that in the background).
        Strictly, a file that fails the upload checks raises `ValidationError`, as does a
        replacement of another type (the public address keeps its extension).
        """
        replacing = file is not None and strict and bool(self.pk and self.file)
        if file is None:
            file = self.file
        facts = read_file_facts(file, name=file.name or "", strict=strict)
        current = self.file_extension.lower() if replacing else ""
        if facts.file_type and current and facts.file_type.extension != current:
            raise ValidationError(
                f"A replacement must be the same type as the current file ({current.upper()}) "
                f"so its address stays the same. Upload the {facts.file_type.extension.upper()} "
                "as a new document instead.",
                code="replacement_type",
            )
        return facts

    def apply_file_facts(self, facts: FileFacts) -> None:
        """Fill size, hashes and detected type from `facts`, and once extracted, the PDF
        facts and text; a title still taken from the file name becomes the file's own title.

        Facts with an error keep the previous text and record the error.
        """
        self.file_size = facts.size
        self.file_hash = facts.sha1
        self.sha256 = facts.sha256
        if not self.public_filename:
            self.public_filename = facts.name
        if facts.file_type is not None:
            self.mime_type = facts.file_type.mime_type
        else:
            self.mime_type = self.mime_type or UNKNOWN_MIME_TYPE
        if facts.error:
            self.extraction_error = facts.error
            return
        inspection = facts.inspection
        if inspection is None:
            return
        self.page_count = inspection.page_count
        self.pdf_tagged = inspection.pdf_tagged
        self.pdf_has_text = inspection.pdf_has_text
        self.pdf_has_title = inspection.pdf_has_title
        self.extracted_text = inspection.text
        self.extraction_error = ""
        file_title = clean_title(inspection.title, filename=facts.name)
        current: str = str(getattr(self, "title", "") or "")
        names = {facts.name, self.public_filename}
        if file_title and any(title_is_from_filename(current, name) for name in names):
            self.title = file_title

    def refresh_file_facts(self) -> None:
        """Check the current file and fill size, hashes and type, unless they describe it."""
        self.file.open()
        sha1, sha256, size = file_hashes(self.file)
        if self.mime_type and (sha1, sha256, size) == (self.file_hash, self.sha256, self.file_size):
            return
        self.apply_file_facts(self.read_file_facts(strict=False))

    def _set_document_file_metadata(self) -> None:
        """Wagtail's uploaders call this private hook; tests/keydocs/test_wagtail_contract.py
        fails if Wagtail stops calling it or changes what it fills."""
        self.refresh_file_facts()


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

    def __str__(self) -> str:
        return f"{self.document} – file replaced {self.replaced_at:%d %B %Y}"


def draft_upload_to(instance: "DocumentFile", filename: str) -> str:
    """Store draft files under document-drafts/, apart from approved files."""
    return f"document-drafts/{sanitise_filename(filename)}"


class DocumentFile(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """One uploaded file of a document, from upload through scan and approval.

    A new document's first file and every replacement start as a draft; the public sees a
    document's file only once it is published: a moderator approves it in the "Section
    moderation" workflow, someone who may publish document files publishes it, or a page that
    links to the document is published. Every way runs through `publish`, which applies the
    approval rule (`keydocs.services.document_file_approve`). A revision holds no content of its
    own: a document file has no editable fields, so each revision stands for the file as stored.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        LIVE = "live", "Live"
        SUPERSEDED = "superseded", "Superseded"
        QUARANTINED = "quarantined", "Quarantined"

    class ScanState(models.TextChoices):
        AWAITING = "awaiting_scan", "Awaiting scan"
        SCANNING = "scanning", "Scanning"
        CLEAN = "clean", "Clean"
        INFECTED = "infected", "Infected"

    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Extraction failed"

    document = models.ForeignKey(KeyDocument, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=draft_upload_to, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, help_text="The name the file was uploaded as.")
    file_size = models.PositiveBigIntegerField(null=True, help_text="Size in bytes.")
    sha256 = models.CharField("SHA-256", max_length=64, help_text="SHA-256 of the file at upload.")
    uploaded_at = models.DateTimeField(help_text="When the file was uploaded.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who uploaded the file.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    scan_state = models.CharField(
        max_length=20, choices=ScanState.choices, default=ScanState.AWAITING
    )
    scan_detail = models.CharField(
        max_length=255, blank=True, help_text="Signature found, or why the last scan failed."
    )
    scan_attempts = models.PositiveIntegerField(default=0)
    scan_started_at = models.DateTimeField(null=True, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    extraction = models.CharField(
        max_length=20, choices=Extraction.choices, default=Extraction.PENDING
    )
    facts = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What extraction read from this file (pages, tagging, title, language), "
        "shown to staff before approval; empty until the file is extracted.",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who approved the file for publication.",
    )
    review_comment = models.TextField(
        blank=True, help_text="The moderator's comment when approving or requesting changes."
    )
    change_note = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Public note on what changed in this file, listed in the document's history once "
            "approved. Blank: a minor change, not listed."
        ),
    )
    # Wagtail's default is live; a document file is live only once approved.
    live = models.BooleanField(verbose_name="live", default=False, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = "document file for approval"
        verbose_name_plural = "document files"

    def __str__(self) -> str:
        return f"{self.document} – {self.original_name}"

    def with_content_json(self, content: dict[str, Any]) -> "DocumentFile":
        """The file as stored now: scans and approval change it outside its revisions."""
        return type(self)._default_manager.get(pk=self.pk)

    def publish(
        self,
        revision: Revision,
        user: Any = None,
        changed: bool = True,
        log_action: bool = True,
        previous_revision: Revision | None = None,
        skip_permission_checks: bool = False,
        comment: str = "",
    ) -> None:
        """Make this file the document's public file, then publish the revision as Wagtail does.

        Every publication (workflow approval, the Publish button, a linking page) comes here.
        `document_file_publishing` runs the approval rule first, which raises `ValidationError`
        for a file that is not a draft scanned clean; nothing is then changed. `comment` is
        the reviewer's; without one, the approving workflow task's comment is used.
        """
        with transaction.atomic():
            document_file_publishing.send(
                sender=type(self), instance=self, user=user, comment=comment
            )
            super().publish(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                skip_permission_checks=skip_permission_checks,
            )

    @property
    def state_label(self) -> str:
        """What an editor needs to know first: scan state, then extraction failure."""
        if self.scan_state == self.ScanState.CLEAN and self.extraction == self.Extraction.FAILED:
            return self.Extraction.FAILED.label
        return self.ScanState(self.scan_state).label

    @property
    def awaiting_approval(self) -> bool:
        """True for a clean draft that a moderator may approve."""
        return self.status == self.Status.DRAFT and self.scan_state == self.ScanState.CLEAN
