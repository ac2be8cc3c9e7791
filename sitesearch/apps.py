from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    """Public site search over pages, documents and records (label avoids Wagtail's "wagtailsearch")."""

    name = "sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self):
        from . import kinds

        kinds.register_default_kinds()
