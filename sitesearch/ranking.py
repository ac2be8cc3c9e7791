"""Bounded relevance ranking for PostgreSQL, so common words stay fast on a large index.

Wagtail's database backend ranks every matching index entry with ts_rank before it can return the
top ten. For a word found in most of 100 000 documents that means reading and ranking every
document's text (seconds). This compiler ranks a bounded candidate set instead:

* entries whose *title* matches (the title carries the heaviest weight), and
* entries whose title or body matches, in whatever order the index yields them (through the
  `title || body` GIN index of sitesearch migration 0001 for rare words, or a short scan for
  common ones),

each capped at `max(MIN_CANDIDATES, stop)` rows. Queries with fewer matches than the cap are
ranked exactly as before; for very common words, title matches come first and the rest is a
bounded sample. Counting is separate and capped (see `selectors.count_matches`).
"""

from django.db.models import F
from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
from modelsearch.query import And, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

MIN_CANDIDATES = 100


class BoundedRankingSearchQueryCompiler(PostgresSearchQueryCompiler):
    """PostgresSearchQueryCompiler that ranks at most two bounded candidate sets."""

    def _matching_entries(self, config):
        from wagtail.search.models import IndexEntry

        search_query = self.build_tsquery(self.query, config=config)
        entries = IndexEntry._default_manager.filter(
            content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
        )
        return search_query, entries

    def count_up_to(self, config, up_to):
        """(number of public matches among the first `up_to` matching entries, more_exist).

        Bounding the entry scan inside a subquery keeps the planner from reading every matching
        entry (a hash join over all of them) just to count.
        """
        search_query, entries = self._matching_entries(config)
        first_matches = (
            entries.annotate(document_vector=F("title")._combine(F("body"), "||", False))
            .filter(document_vector=search_query)
            .order_by()
            .values("pk")[:up_to]
        )
        matched_entries = first_matches.count()
        if not matched_entries:
            return 0, False
        public = self.queryset.filter(index_entries__pk__in=first_matches).order_by().count()
        return public, matched_entries >= up_to

    def search(self, config, start, stop, score_field=None, backend=None):
        """Rank candidates only when a slice is requested; otherwise behave like the parent."""
        if (
            stop is None
            or self.fields is not None
            or not self.order_by_relevance
            or not isinstance(self.query, (PlainText, Phrase, And))
        ):
            return super().search(config, start, stop, score_field=score_field, backend=backend)

        limit = max(MIN_CANDIDATES, stop)
        search_query, entries = self._matching_entries(config)
        title_matches = entries.filter(title=search_query).values("pk")[:limit]
        any_matches = (
            entries.annotate(document_vector=F("title")._combine(F("body"), "||", False))
            .filter(document_vector=search_query)
            .order_by()
            .values("pk")[:limit]
        )
        unbounded = self.queryset
        self.queryset = unbounded.filter(
            index_entries__pk__in=title_matches.union(any_matches, all=True)
        )
        try:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        finally:
            self.queryset = unbounded
