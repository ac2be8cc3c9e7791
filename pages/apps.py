from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types with their blocks, templates, selectors and template tags."""

    name = "pages"
    verbose_name = "Pages"
