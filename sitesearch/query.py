"""Turns what a visitor typed into a safe, bounded search query.

Everything that is not a word character is dropped, so operators, quotes (other than phrase
quotes), SQL or HTML fragments and control characters never reach the search backend. Long input
is cut to MAX_QUERY_LENGTH characters and MAX_TERMS words before it reaches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wagtail.search.query import And, Phrase, PlainText, SearchQuery

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """A cleaned query: the text to show back, the words, phrases and whether it was shortened."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    shortened: bool = False

    @property
    def is_empty(self) -> bool:
        """Whether nothing searchable is left."""
        return not self.words and not self.phrases

    @property
    def terms(self) -> list[str]:
        """Every word, including those inside phrases, for highlighting."""
        return self.words + [word for phrase in self.phrases for word in phrase.split()]

    def without_phrases(self) -> ParsedQuery:
        """The same query with every phrase's words searched as ordinary words."""
        words = list(self.words)
        for word in (word for phrase in self.phrases for word in phrase.split()):
            if word not in words:
                words.append(word)
        return ParsedQuery(text=self.text, words=words, shortened=self.shortened)

    def as_search_query(self) -> SearchQuery:
        """The query for Wagtail's search backend: all words and all phrases must match."""
        parts: list[SearchQuery] = []
        if self.words:
            parts.append(PlainText(" ".join(self.words), operator="and"))
        parts.extend(Phrase(phrase) for phrase in self.phrases)
        return parts[0] if len(parts) == 1 else And(parts)


def parse_query(raw: str | None) -> ParsedQuery:
    """Clean `raw` (any string, possibly hostile) into a ParsedQuery."""
    raw = raw or ""
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", raw[: MAX_QUERY_LENGTH * 20]).split())
    shortened = len(text) > MAX_QUERY_LENGTH or len(raw) > MAX_QUERY_LENGTH * 20
    text = text[:MAX_QUERY_LENGTH]

    words: list[str] = []
    phrases: list[str] = []
    remaining = MAX_TERMS
    for position, segment in enumerate(text.split('"')):
        segment_words = [word.lower() for word in _WORD.findall(segment)]
        if len(segment_words) > remaining:
            shortened = True
            segment_words = segment_words[:remaining]
        inside_quotes = position % 2 == 1
        if inside_quotes and len(segment_words) > 1:
            phrases.append(" ".join(segment_words))
            remaining -= len(segment_words)
            continue
        for word in segment_words:
            if word not in words:
                words.append(word)
                remaining -= 1
    return ParsedQuery(text=text, words=words, phrases=phrases, shortened=shortened)
