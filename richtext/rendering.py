"""Render stored rich text so that a bad link can never break a page.

Every registered link and embed handler is wrapped (`tolerant_link_handler`,
`tolerant_embed_handler`). A link whose id is not a valid key, or whose object is missing, becomes
a marked placeholder that `unwrap_broken_links` turns into its plain text; a bad embed is dropped.
Each is logged as a warning.
"""

import logging
import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from wagtail.rich_text import EmbedHandler, LinkHandler

from richtext.validation import valid_pk

logger = logging.getLogger("richtext")

BROKEN_LINK_OPENING = "<a data-broken-rich-text-link>"
BROKEN_LINK = re.compile(r"<a data-broken-rich-text-link>(?P<text>.*?)</a>", re.DOTALL)
# What Wagtail's handlers return for a link to a missing object.
WAGTAIL_EMPTY_LINK = "<a>"
RENDER_ERRORS = (ObjectDoesNotExist, ValueError, TypeError, LookupError)


def _model_of(handler: Any) -> type[Model] | None:
    try:
        model = handler.get_model()
    except NotImplementedError:
        return None
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _is_valid(model: type[Model] | None, attrs: dict[str, Any]) -> bool:
    return model is None or valid_pk(model, attrs.get("id")) is not None


def _log_broken(kind: str, identifier: str, attrs: dict[str, Any], reason: str) -> None:
    logger.warning(
        "Broken rich-text %s (%s, id %r, %s): rendered without it.",
        kind,
        identifier,
        attrs.get("id"),
        reason,
    )


def _expand(
    handler: Any, attrs_list: Sequence[dict[str, Any]], broken: str, kind: str
) -> list[str]:
    """Expand the valid entries through `handler`; the others (and failures) become `broken`."""
    model = _model_of(handler)
    results = [broken] * len(attrs_list)
    good = [index for index, attrs in enumerate(attrs_list) if _is_valid(model, attrs)]
    for index, attrs in enumerate(attrs_list):
        if index not in good:
            _log_broken(kind, handler.identifier, attrs, "not a valid id")
    if not good:
        return results
    try:
        tags = handler.expand_db_attributes_many([attrs_list[index] for index in good])
    except RENDER_ERRORS as error:
        for index in good:
            _log_broken(kind, handler.identifier, attrs_list[index], repr(error))
        return results
    for index, tag in zip(good, tags, strict=True):
        results[index] = tag
    return results


def tolerant_link_handler(handler: type[LinkHandler]) -> type[LinkHandler]:
    """`handler` that renders a bad or missing link as a placeholder for its plain text."""

    class TolerantLinkHandler(handler):
        @classmethod
        def expand_db_attributes_many(cls, attrs_list: list[dict[str, Any]]) -> list[str]:
            tags = _expand(super(), attrs_list, BROKEN_LINK_OPENING, "link")
            fixed = []
            for attrs, tag in zip(attrs_list, tags, strict=True):
                if tag == WAGTAIL_EMPTY_LINK:
                    _log_broken("link", handler.identifier, attrs, "no such object")
                    tag = BROKEN_LINK_OPENING
                fixed.append(tag)
            return fixed

        @classmethod
        def expand_db_attributes(cls, attrs: dict[str, Any]) -> str:
            return cls.expand_db_attributes_many([attrs])[0]

        @classmethod
        def extract_references(cls, attrs: dict[str, Any]) -> Iterator[Any]:
            if _is_valid(_model_of(handler), attrs):
                yield from super().extract_references(attrs)

    TolerantLinkHandler.__name__ = f"Tolerant{handler.__name__}"
    TolerantLinkHandler.__qualname__ = TolerantLinkHandler.__name__
    return TolerantLinkHandler


def tolerant_embed_handler(handler: type[EmbedHandler]) -> type[EmbedHandler]:
    """`handler` that drops (and logs) an embed whose id is bad or whose handler fails."""

    class TolerantEmbedHandler(handler):
        @classmethod
        def expand_db_attributes_many(cls, attrs_list: list[dict[str, Any]]) -> list[str]:
            return _expand(super(), attrs_list, "", "embed")

        @classmethod
        def expand_db_attributes(cls, attrs: dict[str, Any]) -> str:
            return cls.expand_db_attributes_many([attrs])[0]

        @classmethod
        def extract_references(cls, attrs: dict[str, Any]) -> Iterator[Any]:
            if _is_valid(_model_of(handler), attrs):
                yield from super().extract_references(attrs)

    TolerantEmbedHandler.__name__ = f"Tolerant{handler.__name__}"
    TolerantEmbedHandler.__qualname__ = TolerantEmbedHandler.__name__
    return TolerantEmbedHandler


def unwrap_broken_links(html: str) -> str:
    """Replace each broken-link placeholder by its text: the words stay, the link goes."""
    return BROKEN_LINK.sub(lambda match: match.group("text"), html)
