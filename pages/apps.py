from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types with their blocks, templates, selectors and template tags."""

    name = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        """Register the purge rules (see caching.registry) and the change-history handler."""
        from wagtail.signals import page_published

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
        from .signals import record_page_change

        page_published.connect(record_page_change, dispatch_uid="pages.record_page_change")

        # The home page lists the latest key documents; the library lists them all by category.
        listing_rules.register(HomePage, shows=(KeyDocument,))
        listing_rules.register(KeyDocumentsPage, shows=(KeyDocument, DocumentCategory))
        # Body blocks list a forum's working groups (with co-chair countries) and member
        # organisations by query, and topic pages show related forums' co-chairs.
        listing_rules.register(
            TopicPage, StandardPage, ForumPage, shows=(WorkingGroupPage, Country, Organisation)
        )
