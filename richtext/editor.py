"""The Draftail editor's conversions, made safe against bad links stored in the past.

Wagtail's `PageLinkElementHandler` raises on a page id that is not a number, which makes the edit
view fail. Ours keeps such a link as a broken one (the editor sees it and can remove it; saving it
unchanged gives a form error). Wagtail's `link_entity` fails on a link with neither id nor URL;
ours keeps its text.
"""

import logging
from typing import Any

from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import PageLinkElementHandler
from wagtail.models import Page

from richtext.validation import valid_pk

logger = logging.getLogger("richtext")

PAGE_LINK_SELECTOR = 'a[linktype="page"]'


class TolerantPageLinkElementHandler(PageLinkElementHandler):
    """A page link whose id is not a number opens in the editor as a broken link."""

    def get_attribute_data(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The link's data for the editor; a bad id is kept so saving it is refused."""
        if valid_pk(Page, attrs.get("id")) is None:
            logger.warning(
                "Broken rich-text page link (id %r) opened in the editor.", attrs.get("id")
            )
            return {"id": str(attrs.get("id") or ""), "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


def tolerant_link_entity(props: dict[str, Any]) -> Any:
    """Wagtail's link conversion, except a link with neither id nor URL keeps only its text."""
    if props.get("id") is None and not props.get("url"):
        return props["children"]
    return link_entity(props)


def tolerant_link_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A copy of Wagtail's contentstate "link" rule with the tolerant page handler and entity."""
    from_database = dict(rule["from_database_format"])
    from_database[PAGE_LINK_SELECTOR] = TolerantPageLinkElementHandler("LINK")
    to_database = dict(rule["to_database_format"])
    to_database["entity_decorators"] = {
        **to_database.get("entity_decorators", {}),
        "LINK": tolerant_link_entity,
    }
    return {**rule, "from_database_format": from_database, "to_database_format": to_database}
