from django.apps import AppConfig


class RichtextConfig(AppConfig):
    """Safe rich text: validated links on save, broken links shown as plain text."""

    name = "richtext"
    verbose_name = "Rich text"
