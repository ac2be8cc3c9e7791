from django.apps import AppConfig


class SiteSearchConfig(AppConfig):
    """Public site search over pages, documents and records.

    The label "sitesearch" keeps clear of Wagtail's own search app label, "wagtailsearch".
    """

    name = "sitesearch"
    label = "sitesearch"
    verbose_name = "Site search"

    def ready(self) -> None:
        """Register the search kinds once every model is loaded."""
        from . import kinds  # models are importable only once the app registry is ready

        kinds.register_default_kinds()
