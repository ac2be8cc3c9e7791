"""Wagtail hooks: the labelled document link handler for rich text."""

from wagtail import hooks
from wagtail.rich_text.feature_registry import FeatureRegistry

from keydocs.rich_text import KeyDocumentLinkHandler


@hooks.register("register_rich_text_features", order=100)
def register_document_link_handler(features: FeatureRegistry) -> None:
    """Replace Wagtail's document link handler (registered at order 0) with ours."""
    features.register_link_type(KeyDocumentLinkHandler)
