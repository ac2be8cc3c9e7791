"""The admin form for documents: upload checks, stated limits, safe replacement, and the facts
read from the file shown beside the details (multiple uploader)."""

import os
import re
from typing import Any

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import to_locale
from wagtail.admin.forms.collections import BaseCollectionMemberForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.widgets import AdminDocumentChooser

from keydocs.facts import FileFacts
from keydocs.filetypes import allowed_extensions
from keydocs.models import DEFAULT_LANGUAGE, DocumentFile, KeyDocument
from keydocs.services import document_replace, document_save
from keydocs.validation import upload_help_text

DEFAULTED_FIELDS = ("document_type", "language")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANGUAGE_CHOICE_ERROR = (
    "Choose the document's language from the list, e.g. English (Australia), Indonesian or "
    "Simplified Chinese."
)
TITLE_HELP = (
    "Leave blank, or keep the file name, to use the title saved in the PDF or Word file once "
    "it has been read after the virus scan."
)
FACTS_TEMPLATE = "wagtaildocs/documents/includes/file_facts.html"


def file_facts_context(document: KeyDocument) -> dict[str, Any]:
    """What the facts panel shows: the document and its newest uploaded file."""
    newest: DocumentFile | None = document.files.order_by("-uploaded_at", "-pk").first()
    return {"document": document, "file": newest}


class FileFactsWidget(forms.Widget):
    """Shows what was read from a document's newest file and its scan state; no input."""

    def __init__(self, document: KeyDocument) -> None:
        super().__init__()
        self.document = document

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """The facts panel, from the database as it is now."""
        return render_to_string(FACTS_TEMPLATE, file_facts_context(self.document))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> None:
        """Nothing is submitted."""
        return None


def language_choices() -> list[tuple[str, str]]:
    """Australian English first, then Django's maintained language list as BCP 47 tags."""
    others = sorted(
        (to_locale(code).replace("_", "-"), str(name))
        for code, name in global_settings.LANGUAGES
        if code not in ("en", "en-au")
    )
    return [
        (DEFAULT_LANGUAGE, "English (Australia)"),
        ("en", "English"),
        *sorted(others, key=lambda choice: choice[1]),
    ]


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
        if "language" in self.fields:
            choices = language_choices()
            current = self.instance.language
            if current and current not in dict(choices):
                choices.append((current, current))
            self.fields["language"] = forms.ChoiceField(
                choices=[("", "English (Australia), the default"), *choices],
                required=False,
                label=self.fields["language"].label,
                help_text="The language the document is written in.",
                error_messages={"invalid_choice": LANGUAGE_CHOICE_ERROR},
            )
        if "file" in self.fields:
            self.fields["allow_duplicate"] = forms.BooleanField(
                required=False,
                label="Upload anyway",
                help_text="Tick only if this exact file should be a second, separate document.",
            )
        if "title" in self.fields and "file" in self.fields and not self.instance.pk:
            self.fields["title"].required = False
            self.fields["title"].help_text = TITLE_HELP
        if self.instance.pk and "file" not in self.fields:
            if not self.is_bound:
                # The scan and extraction may have run since the uploader saved the document
                # (immediate task backend): show the title read from the file.
                self.instance.refresh_from_db()
                self.initial["title"] = self.instance.title
            self.fields["file_facts"] = forms.Field(
                required=False,
                disabled=True,
                label="Read from the file",
                help_text="Filled in after the virus scan; reload the page to see the latest.",
                widget=FileFactsWidget(self.instance),
            )
        if "file" in self.fields and self.instance.pk:
            self.fields["change_note"] = forms.CharField(
                required=False,
                max_length=300,
                label="Change note",
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=(
                    "Only when replacing the file. Public: what changed, shown in the "
                    "document's history once the new file is approved, e.g. “Updated the "
                    "figures for 2025.” Leave blank for a minor change (not listed)."
                ),
            )
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
                LANGUAGE_CHOICE_ERROR,
                code="invalid",
            )
        return language or DEFAULT_LANGUAGE

    def clean_title(self) -> str:
        """A blank title on a new upload becomes the file's name, as Wagtail's uploader sets
        it; extraction then replaces it with the title saved in the file, if there is one."""
        title = (self.cleaned_data.get("title") or "").strip()
        uploaded = self.files.get(self.add_prefix("file")) if self.files else None
        if not title and isinstance(uploaded, UploadedFile):
            title = os.path.splitext(os.path.basename(uploaded.name or ""))[0][:255]
        if not title:
            raise ValidationError("Give the document a title.", code="required")
        return title

    def clean_file(self) -> Any:
        """Refuse unsafe or mislabelled files with a message naming the problem.

        The checked facts (hashes, size, type) are kept on the form and saved with the
        document; extraction runs later, in the background.
        """
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            self.file_facts = self.instance.read_file_facts(uploaded)
            self._refuse_unconfirmed_duplicate(self.file_facts)
        return uploaded

    def _refuse_unconfirmed_duplicate(self, facts: FileFacts) -> None:
        """Warn, linking to it, when the same file (SHA-256) is already in the library."""
        existing = (
            KeyDocument.objects.filter(sha256=facts.sha256)
            .exclude(pk=self.instance.pk)
            .order_by("pk")
            .first()
        )
        if existing is None or self.data.get("allow_duplicate"):
            return
        raise ValidationError(
            format_html(
                "This exact file is already in the library as "
                '<a href="{}">{}</a>. Use that document, or tick “Upload anyway”.',
                reverse("wagtaildocs:edit", args=[existing.pk]),
                existing.title,
            ),
            code="duplicate",
        )

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
                change_note=self.cleaned_data.get("change_note", ""),
            )
        return document_save(
            document=self.instance,
            facts=facts,
            save_related=self._save_m2m,
        )
