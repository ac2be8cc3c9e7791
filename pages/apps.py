from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types with their blocks, templates, selectors and template tags."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        """Tell the page cache which page types list records by query (see caching.registry)."""
        from caching.registry import listing_rules
        from keydocs.models import KeyDocument
        from records.models import Country, DocumentCategory, Organisation

        from .models import (
            ForumPage,
            HomePage,
            KeyDocumentsPage,
            StandardPage,
            TopicPage,
            WorkingGroupPage,
        )

        # The home page lists the latest key documents; the library lists them all by category.
        listing_rules.register(HomePage, shows=(KeyDocument,))
        listing_rules.register(KeyDocumentsPage, shows=(KeyDocument, DocumentCategory))
        # Body blocks list a forum's working groups (with co-chair countries) and member
        # organisations by query, and topic pages show related forums' co-chairs.
        listing_rules.register(
            TopicPage, StandardPage, ForumPage, shows=(WorkingGroupPage, Country, Organisation)
        )
