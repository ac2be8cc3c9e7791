"""The admin form for documents: upload checks, stated limits and safe replacement."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms.collections import BaseCollectionMemberForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.widgets import AdminDocumentChooser

from keydocs.facts import FileFacts
from keydocs.filetypes import allowed_extensions
from keydocs.models import DEFAULT_LANGUAGE, KeyDocument
from keydocs.services import document_replace, document_save
from keydocs.validation import upload_help_text

DEFAULTED_FIELDS = ("document_type", "language")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class KeyDocumentForm(BaseDocumentForm):
    """Wagtail's document form with type, size and safety checks on every upload path.

    Used for the add, edit and multiple-upload views through `WAGTAILDOCS_DOCUMENT_FORM_BASE`.
    """

    instance: KeyDocument

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user = kwargs.get("user")
        self.file_facts: FileFacts | None = None
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = upload_help_text()
            self.fields["file"].widget.attrs["accept"] = ",".join(
                f".{extension}" for extension in allowed_extensions()
            )
        for name in DEFAULTED_FIELDS:
            if name in self.fields:
                self.fields[name].required = False
        if "accessible_alternative" in self.fields and self.instance.pk:
            self.fields["accessible_alternative"].queryset = self.fields[
                "accessible_alternative"
            ].queryset.exclude(pk=self.instance.pk)

    class Meta(BaseDocumentForm.Meta):
        widgets = {
            **BaseDocumentForm.Meta.widgets,
            "accessible_alternative": AdminDocumentChooser,
            "accessible_alternative_page": AdminPageChooser,
        }

    def clean_document_type(self) -> str:
        """An empty choice (e.g. from the multiple uploader) means the default, "Other"."""
        return self.cleaned_data.get("document_type") or KeyDocument.DocumentType.OTHER

    def clean_language(self) -> str:
        """An empty language means the portal's language, Australian English."""
        language = (self.cleaned_data.get("language") or "").strip()
        if language and not LANGUAGE_TAG.match(language):
            raise ValidationError(
                "Enter a language tag such as “en-AU”, “id” or “zh-Hans”.", code="invalid"
            )
        return language or DEFAULT_LANGUAGE

    def clean_file(self) -> Any:
        """Refuse unsafe or mislabelled files with a message naming the problem.

        The facts read here are kept on the form and saved with the document.
        """
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            self.file_facts = self.instance.read_file_facts(uploaded)
        return uploaded

    def save(self, commit: bool = True) -> KeyDocument:
        """Save through the services; a new file on an existing document is a replacement."""
        facts = self.file_facts if "file" in self.changed_data else None
        if not commit:
            if facts is not None:
                self.instance.apply_file_facts(facts)
            return BaseCollectionMemberForm.save(self, commit=False)
        if facts is not None and self.instance.pk:
            return document_replace(
                document=self.instance,
                uploaded_file=self.cleaned_data["file"],
                user=self.user,
                facts=facts,
                save_related=self._save_m2m,
            )
        return document_save(
            document=self.instance,
            facts=facts,
            save_related=self._save_m2m,
        )
