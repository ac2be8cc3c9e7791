"""Document links in rich text: the editor's words plus the file's type, size and pages."""

import re
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape, strip_tags
from wagtail.documents.rich_text import DocumentLinkHandler

from keydocs.filetypes import FILE_TYPES
from keydocs.labels import document_meta

DOCUMENT_LINK = re.compile(
    r'<a href="(?P<href>[^"]*)" data-document-meta="(?P<meta>[^"]*)" '
    r'data-document-title="(?P<title>[^"]*)"(?P<lang>[^>]*)>(?P<text>.*?)</a>',
    re.DOTALL,
)
EXTENSIONS = "|".join(re.escape(row.extension) for row in FILE_TYPES)
FILE_NAME_TEXT = re.compile(rf"^\s*[\w.-]+\.({EXTENSIONS})\s*$", re.I)


class KeyDocumentLinkHandler(DocumentLinkHandler):
    """Emit document links carrying their label, finished by `label_document_links`."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: Sequence[dict[str, Any]]) -> list[str]:
        """Return opening tags with the document's facts; a missing document gives `<a>`."""
        tags = []
        for document in cls.get_many(attrs_list):
            if document is None:
                tags.append("<a>")
                continue
            lang = (
                "" if document.is_default_language else f' hreflang="{escape(document.language)}"'
            )
            meta = escape(document_meta(document))
            tags.append(
                f'<a href="{escape(document.url)}" data-document-meta="{meta}" '
                f'data-document-title="{escape(document.title)}"{lang}>'
            )
        return tags


def label_document_links(html: str) -> str:
    """Finish document links: keep the editor's words (or the title instead of a bare file
    name) and add "(PDF, 1.2 MB, 24 pages)" inside the link."""

    def replace(match: re.Match[str]) -> str:
        text = match.group("text")
        plain = strip_tags(text).strip()
        if not plain or FILE_NAME_TEXT.match(plain):
            text = match.group("title")
        return (
            f'<a href="{match.group("href")}"{match.group("lang")}>{text} '
            f'<span class="document-meta">({match.group("meta")})</span></a>'
        )

    return DOCUMENT_LINK.sub(replace, html)
