"""Canaries for the Wagtail internals `richtext` relies on: each fails if Wagtail changes them."""

import json

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter, link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.rich_text import features
from wagtail.rich_text.feature_registry import FeatureRegistry
from wagtail.rich_text.pages import PageLinkHandler

from richtext.editor import PAGE_LINK_SELECTOR, TolerantPageLinkElementHandler, tolerant_link_entity
from richtext.rendering import WAGTAIL_EMPTY_LINK


def test_feature_registry_keeps_its_handler_and_rule_dicts():
    """The hook reads these while the registry is being filled (the getters would recurse)."""
    registry = FeatureRegistry()
    assert registry.link_types == {}
    assert registry.embed_types == {}
    assert registry.converter_rules_by_converter == {}


def test_our_handlers_and_editor_rule_are_the_registered_ones():
    assert features.get_link_types()["page"].__name__ == "TolerantPageLinkHandler"
    assert features.get_link_types()["document"].__name__ == "TolerantKeyDocumentLinkHandler"
    rule = features.get_converter_rule("contentstate", "link")
    assert isinstance(
        rule["from_database_format"][PAGE_LINK_SELECTOR], TolerantPageLinkElementHandler
    )
    assert rule["to_database_format"]["entity_decorators"]["LINK"] is tolerant_link_entity


@pytest.mark.django_db
def test_wagtail_renders_a_link_to_a_missing_page_as_an_empty_anchor():
    assert PageLinkHandler.expand_db_attributes_many([{"id": "987654321"}]) == [WAGTAIL_EMPTY_LINK]


@pytest.mark.django_db
def test_wagtail_page_link_conversion_still_fails_on_a_bad_id():
    """Why `TolerantPageLinkElementHandler` exists; if Wagtail fixes it, ours can go."""
    with pytest.raises(ValueError):
        PageLinkElementHandler("LINK").get_attribute_data({"id": "x"})


@pytest.mark.django_db
def test_editor_keeps_a_bad_page_link_as_broken_and_saves_it_back_unchanged():
    converter = ContentstateConverter(features=["link"])
    contentstate = converter.from_database_format('<p>See <a linktype="page" id="x">this</a>.</p>')
    entity = next(iter(json.loads(contentstate)["entityMap"].values()))
    assert entity["type"] == "LINK"
    assert entity["data"] == {"id": "x", "url": None, "parentId": None}
    assert converter.to_database_format(contentstate) == (
        '<p data-block-key="{}">See <a linktype="page" id="x">this</a>.</p>'.format(
            json.loads(contentstate)["blocks"][0]["key"]
        )
    )


@pytest.mark.django_db
def test_editor_link_without_target_is_saved_as_its_text():
    """Wagtail's `link_entity` fails on a link with neither id nor URL (check_url(None))."""
    with pytest.raises(AttributeError):
        link_entity({"children": "words"})
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "text": "words",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {}}},
    }
    html = ContentstateConverter(features=["link"]).to_database_format(json.dumps(contentstate))
    assert html == '<p data-block-key="a1b2c">words</p>'
