"""The portal's document model, in place from the first migration."""

from django.db import models
from wagtail.documents.models import AbstractDocument, Document


class KeyDocument(AbstractDocument):
    """A published document: the file plus the description the public sees beside it."""

    description = models.TextField(
        blank=True,
        help_text="One or two sentences saying what the document is and who it is for.",
    )

    admin_form_fields = (*Document.admin_form_fields, "description")

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"
