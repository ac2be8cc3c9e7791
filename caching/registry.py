"""The one place purge rules come from: which page types list which models.

Wagtail's reference index already tells the cache which pages show a record they link to. What
it cannot see is a page that shows records by query (every key document, every working group
of a forum). The app that owns such a page registers the rule from its `AppConfig.ready`::

    listing_rules.register(KeyDocumentsPage, shows=(KeyDocument, "records.DocumentCategory"))

A save or delete of a shown model then purges every live page of the listing types, as well as
the pages the reference index names. Models may be given as classes or as "app_label.Model"
labels; labels are compared, so a rule never needs the model's app to be importable here.
"""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Model
from wagtail.models import Page

ModelOrLabel = type[Model] | str


def model_labels(model: type[Model]) -> tuple[str, ...]:
    """A model's label and its concrete parents', e.g. ("pages.TopicPage", "wagtailcore.Page")."""
    return (model._meta.label, *(parent._meta.label for parent in model._meta.get_parent_list()))


def _label(model: ModelOrLabel) -> str:
    return model if isinstance(model, str) else model._meta.label


class ListingRules:
    """Which page types show which models without referring to each record."""

    def __init__(self) -> None:
        self._listings: dict[str, set[type[Page]]] = {}
        self._paths: set[str] = set()

    def register(self, *page_types: type[Page], shows: Iterable[ModelOrLabel]) -> None:
        """Record that live pages of `page_types` show (some of) the records of `shows`."""
        for model in shows:
            self._listings.setdefault(_label(model), set()).update(page_types)

    def register_paths(self, *paths: str) -> None:
        """Record request paths (feeds, sitemaps) that list content and go with every change."""
        self._paths.update(paths)

    def paths(self) -> set[str]:
        """The registered listing paths and those of `PORTAL_CACHE_LISTING_PATHS`."""
        return self._paths | set(settings.PORTAL_CACHE_LISTING_PATHS)

    def copy(self) -> "ListingRules":
        """An independent copy, e.g. to add a rule for a while."""
        duplicate = ListingRules()
        duplicate._listings = {label: set(types) for label, types in self._listings.items()}
        duplicate._paths = set(self._paths)
        return duplicate

    def page_types_listing(self, model: type[Model]) -> set[type[Page]]:
        """The page types that list records of `model` (or of a concrete parent of it)."""
        return {
            page_type
            for label in model_labels(model)
            for page_type in self._listings.get(label, ())
        }

    def is_shown(self, model: type[Model]) -> bool:
        """Whether some registered page type, or `PORTAL_CACHE_PURGE_MODELS`, names `model`."""
        labels = set(model_labels(model))
        return bool(
            labels & self._listings.keys() or labels & set(settings.PORTAL_CACHE_PURGE_MODELS)
        )


listing_rules = ListingRules()
