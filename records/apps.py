from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Shared records: countries, organisations, roles and their titles, contacts, categories."""

    name = "records"
    verbose_name = "Records"

    def ready(self) -> None:
        """Every admin date field accepts the formats editors type (see `records.forms`)."""
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from .forms import EditorDateField, EditorDateInput

        register_form_field_override(
            models.DateField,
            override={"form_class": EditorDateField, "widget": EditorDateInput},
            exact_class=True,
        )
