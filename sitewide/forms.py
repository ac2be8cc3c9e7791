"""The public "Request an accessible format" form: a few fields, a honeypot, clear messages."""

from typing import Any

from django import forms

from .models import AccessibleFormatRequest


class AccessibleFormatRequestForm(forms.ModelForm):
    """Name, e-mail, the format wanted and optional details; `website` is a trap for robots."""

    format = forms.ChoiceField(
        label="Format you need",
        choices=AccessibleFormatRequest.Format.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the format you need.",
            "invalid_choice": "Choose one of the formats listed.",
        },
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        help_text="This field is here to catch automated spam; people should leave it empty.",
    )

    class Meta:
        model = AccessibleFormatRequest
        fields = ["name", "email", "format", "details"]
        labels = {
            "name": "Your name",
            "email": "Your e-mail address",
            "details": "Anything else we should know (optional)",
        }
        help_texts = {
            "name": "The name we should use when we reply.",
            "email": "We send the document or our reply here, e.g. name@example.com.",
            "details": "For example the pages you need, or the format if it is not listed. "
            "1,000 characters at most.",
        }
        error_messages = {
            "name": {"required": "Enter your name so we know who to reply to."},
            "email": {
                "required": "Enter your e-mail address so we can send you the document.",
                "invalid": "Enter an e-mail address like name@example.com.",
            },
            "details": {"max_length": "Keep the details to 1,000 characters or fewer."},
        }
        widgets = {"details": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        """Ask for details when the format is "something else"; flag a filled honeypot."""
        cleaned_data = super().clean() or {}
        if cleaned_data.get("website"):
            self.is_spam = True
        if (
            cleaned_data.get("format") == AccessibleFormatRequest.Format.OTHER
            and not (cleaned_data.get("details") or "").strip()
        ):
            self.add_error("details", "Tell us which format you need.")
        return cleaned_data

    is_spam = False
