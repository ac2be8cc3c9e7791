"""Make every registered rich-text link and embed handler tolerant of bad stored links."""

from wagtail import hooks
from wagtail.rich_text.feature_registry import FeatureRegistry

from richtext.editor import tolerant_link_rule
from richtext.rendering import tolerant_embed_handler, tolerant_link_handler


@hooks.register("register_rich_text_features", order=1000)
def make_rich_text_tolerant(features: FeatureRegistry) -> None:
    """Wrap the handlers registered before (Wagtail's at 0, keydocs' at 100) and the editor rule."""
    for handler in list(features.link_types.values()):
        features.register_link_type(tolerant_link_handler(handler))
    for handler in list(features.embed_types.values()):
        features.register_embed_type(tolerant_embed_handler(handler))
    rule = features.converter_rules_by_converter.get("contentstate", {}).get("link")
    if rule is not None:
        features.register_converter_rule("contentstate", "link", tolerant_link_rule(rule))
