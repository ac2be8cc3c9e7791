"""The admin form for documents: upload checks, stated limits and safe replacement."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms.collections import BaseCollectionMemberForm
from wagtail.documents.forms import BaseDocumentForm
from wagtail.search import index as search_index

from keydocs.services import document_check_upload, document_replace
from keydocs.validation import allowed_extensions, upload_help_text


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
        if "accessible_alternative" in self.fields and self.instance.pk:
            self.fields["accessible_alternative"].queryset = self.fields[
                "accessible_alternative"
            ].queryset.exclude(pk=self.instance.pk)

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
