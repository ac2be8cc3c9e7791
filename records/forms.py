"""Admin form parts for records, shared by every admin form that edits a date."""

import datetime
from typing import Any

from django import forms
from wagtail.admin.widgets import AdminDateInput

# The formats editors type: ISO first, then the Australian day/month/year forms.
EDITOR_DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]


class EditorDateInput(AdminDateInput):
    """Wagtail's date picker, told to leave a typed date alone when the field loses focus.

    The picker's default (`validateOnBlur`) replaces any text it cannot parse in its own display
    format with today's date, so an ISO date typed by an editor was silently lost. The server
    parses what was typed instead and says so when it cannot.
    """

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "validateOnBlur": False, "allowBlank": True}


class EditorDateField(forms.DateField):
    """A date typed as `2026-03-01` or `1/3/2026`; anything else is a form error."""

    widget = EditorDateInput
    default_error_messages = {
        "invalid": "Enter a real date as day/month/year (e.g. 1/3/2026) or year-month-day "
        "(e.g. 2026-03-01).",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", EDITOR_DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


class RoleRenameForm(forms.Form):
    """The rename action: the role's new title, from when it applies and an optional note."""

    new_title = forms.CharField(
        max_length=255,
        label="New title",
        help_text="The official title from the effective date, exactly as pages should show it.",
    )
    effective_date = EditorDateField(
        label="Effective date",
        help_text="The first day the new title is in use, e.g. 1/7/2026 or 2026-07-01. "
        "The old title's history ends the day before.",
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: why the title changed, e.g. the announcement. Kept in the audit "
        "log and the title history.",
    )

    def __init__(self, *args: Any, current_title: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_title = current_title

    def clean_new_title(self) -> str:
        """Refuse a title equal to the current one."""
        title: str = self.cleaned_data["new_title"].strip()
        if title == self.current_title:
            raise forms.ValidationError("The new title is the same as the current title.")
        return title

    def clean_effective_date(self) -> datetime.date:
        """Refuse a date more than a century away, which is almost always a typo."""
        value: datetime.date = self.cleaned_data["effective_date"]
        if abs(value.year - datetime.date.today().year) > 100:
            raise forms.ValidationError("Check the year: it is more than 100 years from today.")
        return value
