from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page models, StreamField blocks and the shared records (snippets) pages refer to."""

    name = "pages"
    verbose_name = "Pages and records"
