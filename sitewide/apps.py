from django.apps import AppConfig


class SitewideConfig(AppConfig):
    """Site-level parts: site settings, footer links, context processors and JSON-LD helpers."""

    name = "sitewide"
    verbose_name = "Site settings"
