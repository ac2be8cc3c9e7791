"""The public filter form for the key documents list: category, type and year."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet

from keydocs.models import KeyDocument

MIN_YEAR = 1900
MAX_YEAR = 2100


class KeyDocumentFilterForm(forms.Form):
    """Validates the query string; bad values become messages, never server errors."""

    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        required=False,
        empty_label="All categories",
        error_messages={"invalid_choice": "There is no such category; choose one from the list."},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        error_messages={
            "invalid_choice": "There is no such document type; choose one from the list."
        },
    )
    year = forms.TypedChoiceField(
        label="Year published",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a year from the list."},
    )

    def __init__(self, data: Any, *, categories: QuerySet[Any], years: Iterable[int]) -> None:
        super().__init__(data)
        category, kind, year = self.fields["category"], self.fields["type"], self.fields["year"]
        assert isinstance(category, forms.ModelChoiceField)
        assert isinstance(kind, forms.ChoiceField) and isinstance(year, forms.ChoiceField)
        category.queryset = categories
        kind.choices = [("", "All types"), *KeyDocument.DocumentType.choices]
        year.choices = [("", "All years")] + [(str(y), str(y)) for y in years]

    def filter(self, documents: QuerySet[KeyDocument]) -> QuerySet[KeyDocument]:
        """Apply the valid filters to `documents`."""
        data = self.cleaned_data
        if data.get("category"):
            documents = documents.filter(category=data["category"])
        if data.get("type"):
            documents = documents.filter(document_type=data["type"])
        if data.get("year"):
            documents = documents.filter(publication_date__year=data["year"])
        return documents
