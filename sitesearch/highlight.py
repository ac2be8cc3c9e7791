"""Short excerpts with the searched words wrapped in <mark>, every other character escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EXCERPT_LENGTH = 240
LEAD_IN = 60
MAX_SCANNED_CHARACTERS = 200_000
_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(term: str) -> str:
    """A light English stem so "trafficking" also marks "trafficked" (as the backend matches)."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 4:
            return term[: -len(suffix)]
    return term


def term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching whole words that start with any term's stem."""
    stems = sorted({_stem(term.lower()) for term in terms if term}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.I)


def build_excerpt(
    text: str | None, terms: Iterable[str], length: int = EXCERPT_LENGTH
) -> SafeString:
    """About `length` characters of `text` around the first match, safe to render as HTML."""
    text = " ".join((text or "")[:MAX_SCANNED_CHARACTERS].split())
    if not text:
        return mark_safe("")  # noqa: S308
    pattern = term_pattern(terms)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > LEAD_IN:
        start = text.rfind(" ", 0, first.start() - LEAD_IN) + 1
    end = min(len(text), start + length)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    window = text[start:end]

    pieces = ["…" if start > 0 else ""]
    position = 0
    for match in pattern.finditer(window) if pattern else ():
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    pieces.append("…" if end < len(text) else "")
    return mark_safe("".join(pieces))  # noqa: S308
