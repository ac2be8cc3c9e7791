from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Machine-readable content: sitemap, robots.txt, Atom feeds and the read API."""

    name = "opendata"
    verbose_name = "Open data"

    def ready(self) -> None:
        """Tell the page cache that the sitemap and feeds list content (see caching.registry)."""
        from caching.registry import listing_rules

        listing_rules.register_paths(
            "/sitemap.xml", "/robots.txt", "/feeds/documents/", "/feeds/updates/"
        )
