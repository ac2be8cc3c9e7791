from django.apps import AppConfig


class SitewideConfig(AppConfig):
    """Site-level parts: site settings, navigation, context processors and JSON-LD helpers."""

    name = "sitewide"
    verbose_name = "Site settings"

    def ready(self) -> None:
        """Put the site settings in Wagtail's reference index.

        The index then names the pages the main navigation, the footer and the defaults link to,
        so a change to one of those pages purges every cached page (see caching.services).
        """
        from wagtail.models import ReferenceIndex

        from .models import PortalSettings

        ReferenceIndex.register_model(PortalSettings)
