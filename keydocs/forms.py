"""The admin form for documents: upload checks, stated limits and safe replacement."""

import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms.collections import BaseCollectionMemberForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.search import index as search_index

from keydocs.models import DEFAULT_LANGUAGE, KeyDocument
from keydocs.services import document_check_upload, document_replace
from keydocs.validation import allowed_extensions, upload_help_text

DEFAULTED_FIELDS = ("document_type", "language")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class KeyDocumentForm(BaseDocumentForm):
    """Wagtail's document form with type, size and safety checks on every upload path.

    Used for the add, edit and multiple-upload views through `WAGTAILDOCS_DOCUMENT_FORM_BASE`.
    """

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
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

    def clean_document_type(self):
        """An empty choice (e.g. from the multiple uploader) means the default, "Other"."""
        return self.cleaned_data.get("document_type") or KeyDocument.DocumentType.OTHER

    def clean_language(self):
        """An empty language means the portal's language, Australian English."""
        language = (self.cleaned_data.get("language") or "").strip()
        if language and not LANGUAGE_TAG.match(language):
            raise ValidationError(
                "Enter a language tag such as “en-AU”, “id” or “zh-Hans”.", code="invalid"
            )
        return language or DEFAULT_LANGUAGE

    def clean_file(self):
        """Refuse unsafe or mislabelled files with a message naming the problem."""
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            replacing = self.instance if self.instance.pk else None
            document_check_upload(uploaded_file=uploaded, replacing=replacing)
        return uploaded

    def save(self, commit=True):
        """Save; a new file on an existing document goes through `document_replace`."""
        replacing = bool(self.instance.pk) and "file" in self.changed_data
        if not commit:
            if "file" in self.changed_data:
                self.instance._set_document_file_metadata()
            return BaseCollectionMemberForm.save(self, commit=False)
        if replacing:
            document_replace(
                document=self.instance,
                uploaded_file=self.cleaned_data["file"],
                user=self.user,
            )
            self._save_m2m()
        else:
            if "file" in self.changed_data:
                self.instance._set_document_file_metadata()
            BaseCollectionMemberForm.save(self, commit=True)
        search_index.insert_or_update_object(self.instance)
        return self.instance
