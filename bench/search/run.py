#!/usr/bin/env python
"""Search benchmark on PostgreSQL: 10 000 pages and 100 000 documents of generated text.

    python bench/search/run.py            # build the corpus once (reused afterwards), then measure
    python bench/search/run.py --rebuild  # drop the benchmark database and build it again

Reports p50/p95 latency of the public search (`sitesearch.selectors.search_site`, every kind,
first page, as the /search/ view runs it, through the engine PORTAL_SEARCH_ENGINE picks: the
PostgreSQL engine unless set to "wagtail") and of the documents-only search (the same with
`kind=document`), for common, medium, rare and phrase terms, WITH and WITHOUT every index the
sitesearch migrations add (name prefix `sitesearch_`: the `title || body` GIN index of 0001, the
primary-key join indexes of 0002/0003, the word-pair index of 0004; all dropped inside a
transaction that is rolled back, so nothing is rebuilt). It also times Wagtail's stock query for
documents (`sitesearch.engines.wagtail.backend_results`: exact count, ranking every match, no
added indexes) as the baseline.

The database is BENCH_SEARCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/portal_search_bench.
The documents' generated text (2-5 KB each) is written straight into the search index (body
vector and body_text), where the backend puts KeyDocument.extracted_text when it indexes a
document; the documents' own extracted_text column is left empty to keep the build fast, so
`update_index` on this database would drop that text.
"""

import argparse
import io
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DATABASE_URL = os.environ.get(
    "BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_search_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("LOG_LEVEL", "WARNING")

PAGES = 10_000
DOCUMENTS = 100_000
PRIVATE_SHARE = 10  # one document in ten sits in a private collection
NEEDLE = "kestrelwick"  # a made-up word placed in exactly NEEDLE_DOCUMENTS documents
NEEDLE_DOCUMENTS = 5
BATCH = 5_000
INDEX_PREFIX = "sitesearch_"  # every index the sitesearch migrations add

TERMS = {
    "common": ["trafficking", "people smuggling", "australia", "modern slavery", "convention"],
    "medium": ["palermo protocol", "ambassador strategy"],
    "phrase": ['"national action plan"', '"people smuggling"', '"protection of victims"'],
    "rare": [NEEDLE, "RARE1", "RARE2"],
    "no match": ["xylophonic"],
}


def ensure_database(rebuild):
    import psycopg2

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if rebuild:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def corpus_ready():
    from wagtail.documents import get_document_model
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    return (
        Page.objects.filter(slug__startswith="bench-").count() >= PAGES
        and get_document_model().objects.filter(title__startswith="Bench").count() >= DOCUMENTS
        and IndexEntry.objects.count() >= PAGES + DOCUMENTS
    )


def _copy_rows(cursor, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(str(value).replace("\\", " ").replace("\t", " ") for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(
        "COPY bench_staging (content_type_id, object_id, title, body, title_weight) FROM STDIN",
        buffer,
    )


def build_corpus():
    from corpus import TextGenerator
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, Locale, Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.backends.database.postgres.weights import get_weight

    from content.loader import seed_section

    started = time.perf_counter()
    generator = TextGenerator()
    Document = get_document_model()
    home = seed_section()
    locale = Locale.get_default()
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(Document)
    page_title_weight = get_weight(2)
    document_title_weight = get_weight(10)
    now = timezone.now()
    root_collection = Collection.get_first_root_node()
    private = root_collection.add_child(name="Bench private")
    CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type="password",
        password="bench",  # noqa: S106
    )
    needle_ids = set(generator.rng.sample(range(DOCUMENTS), NEEDLE_DOCUMENTS))

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE UNLOGGED TABLE IF NOT EXISTS bench_staging (content_type_id int, "
            "object_id text, title text, body text, title_weight char(1))"
        )
        cursor.execute("TRUNCATE bench_staging")

        first_step = home.numchild + 1
        for start in range(0, PAGES, BATCH):
            pages = []
            for number in range(start, min(start + BATCH, PAGES)):
                title = generator.title()
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"bench-{number}",
                        path=Page._get_path(home.path, home.depth + 1, first_step + number),
                        depth=home.depth + 1,
                        numchild=0,
                        url_path=f"{home.url_path}bench-{number}/",
                        live=True,
                        first_published_at=now,
                        last_published_at=now,
                        content_type=page_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            _copy_rows(
                cursor,
                [
                    (
                        page_type.id,
                        page.pk,
                        page.title,
                        generator.text(1_000, 3_000),
                        page_title_weight,
                    )
                    for page in pages
                ],
            )
            print(f"  pages {start + len(pages):>7,}", flush=True)
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + PAGES)

        for start in range(0, DOCUMENTS, BATCH):
            documents, texts = [], []
            for number in range(start, min(start + BATCH, DOCUMENTS)):
                text = generator.text(2_000, 5_000)
                if number in needle_ids:
                    text = f"{text} The {NEEDLE} annex."
                texts.append(text)
                documents.append(
                    Document(
                        title=f"Bench {generator.title()}",
                        file=f"documents/bench-{number}.pdf",
                        collection=private if number % PRIVATE_SHARE == 0 else root_collection,
                        file_size=generator.rng.randint(20_000, 5_000_000),
                        description=text[:200],
                    )
                )
            Document.objects.bulk_create(documents)
            _copy_rows(
                cursor,
                [
                    (document_type.id, document.pk, document.title, text, document_title_weight)
                    for document, text in zip(documents, texts, strict=True)
                ],
            )
            print(f"  documents {start + len(documents):>7,}", flush=True)

        print("  writing index entries (GIN indexes dropped during the load) ...", flush=True)
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'wagtailsearch_indexentry' AND indexdef ILIKE '%USING gin%'"
        )
        gin_indexes = cursor.fetchall()
        for name, _definition in gin_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "
            "autocomplete, body, title_norm, title_text, body_text) "
            "SELECT content_type_id, object_id, "
            'setweight(to_tsvector(title), title_weight::"char"), '
            "setweight(to_tsvector('simple', title), 'D'), "
            "setweight(to_tsvector(body), 'D'), 1.0, title, body FROM bench_staging "
            "ON CONFLICT (content_type_id, object_id) DO NOTHING"
        )
        for name, definition in gin_indexes:
            print(f"  creating {name}", flush=True)
            cursor.execute(definition)
        cursor.execute("DROP TABLE bench_staging")
    get_search_backend().get_index_for_model(Page)._refresh_title_norms(full=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Corpus built in {time.perf_counter() - started:.0f} s", flush=True)


def rare_terms():
    from corpus import TextGenerator

    generator = TextGenerator()
    return {"RARE1": generator.rare_word(1), "RARE2": generator.rare_word(500)}


def measure(function, runs):
    function()  # warm the cache and the plan
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, round(0.95 * len(timings)) - 1)]


def run_suite(runs):
    from wagtail.models import Site

    from sitesearch.query import parse_query
    from sitesearch.selectors import search_site

    site = Site.objects.get(is_default_site=True)
    substitutions = rare_terms()
    rows = []
    for group, terms in TERMS.items():
        for term in terms:
            term = substitutions.get(term, term)
            query = parse_query(term)

            def full_search(query=query):
                return search_site(query=query, page_number=1, site=site).results

            def documents_only(query=query):
                return search_site(query=query, kind_slug="document", page_number=1, site=site)

            total = search_site(query=query, page_number=1, site=site).total
            rows.append(
                (group, term, total, measure(full_search, runs), measure(documents_only, runs))
            )
    return rows


def without_index(function):
    """Run `function` with the sitesearch indexes dropped, then roll the drop back."""
    from django.db import connection, transaction

    class Rollback(Exception):
        pass

    result = None
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", [INDEX_PREFIX + "%"]
                )
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
            result = function()
            raise Rollback
    except Rollback:
        pass
    return result


def run_stock(runs):
    """Wagtail's stock documents query: stock compiler, exact count, ranking every match."""
    from wagtail.models import Site

    from sitesearch.engines.wagtail import backend_results
    from sitesearch.kinds import public_documents
    from sitesearch.query import parse_query

    site = Site.objects.get(is_default_site=True)
    substitutions = rare_terms()
    rows = []
    for group, terms in TERMS.items():
        for term in terms:
            term = substitutions.get(term, term)
            query = parse_query(term)

            def stock(query=query):
                results = backend_results(public_documents(site), query)
                return results.count(), list(results[:10])

            rows.append((group, term, measure(stock, runs)))
    return rows


def explain(term):
    """EXPLAIN (ANALYZE, BUFFERS) of every query the full search runs for `term`."""
    from django.db import connection
    from wagtail.models import Site

    from sitesearch.query import parse_query
    from sitesearch.selectors import search_site

    site = Site.objects.get(is_default_site=True)
    statements = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(record):
        search_site(query=parse_query(term), page_number=1, site=site)
    lines = [
        f"{len(statements)} queries, {sum(ms for ms, _, _ in statements):.1f} ms in the database"
    ]
    with connection.cursor() as cursor:
        for ms, sql, params in statements:
            lines.append(f"\n{ms:.1f} ms: {sql[:160]}")
            if sql.lstrip().upper().startswith(("SELECT", "(SELECT")) and ms >= 1:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
                lines.extend(row[0] for row in cursor.fetchall())
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the corpus")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per term (default 15)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    args = parser.parse_args()

    ensure_database(args.rebuild)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if not corpus_ready():
        print(f"Building the corpus: {PAGES:,} pages and {DOCUMENTS:,} documents ...", flush=True)
        connection.close()
        ensure_database(rebuild=True)  # start clean after an interrupted build
        call_command("migrate", verbosity=0)
        build_corpus()
    else:
        print("Corpus already built; reusing it (use --rebuild to start again).")

    if args.explain:
        for term in ("trafficking", "ambassador strategy", '"national action plan"'):
            print(f"\n--- EXPLAIN of the full search for {term!r}, with the indexes")
            print(explain(term))

    print(f"\nTimings in ms over {args.runs} runs (after one warm-up run).")
    with_rows = run_suite(args.runs)
    without_rows = without_index(lambda: run_suite(args.runs))
    header = (
        f"{'group':<9} {'term':<24} {'hits':>7} | {'full search p50/p95':>21} {'without':>15} "
        f"{'x':>6} | {'documents p50/p95':>19} {'without':>15} {'x':>6}"
    )
    print(header)
    print("-" * len(header))
    worst = {"terms": 0.0, "phrases": 0.0}
    for with_row, without_row in zip(with_rows, without_rows, strict=True):
        group, term, hits, (full50, full95), (docs50, docs95) = with_row
        _, _, _, (wfull50, wfull95), (wdocs50, wdocs95) = without_row
        kind = "phrases" if group == "phrase" else "terms"
        worst[kind] = max(worst[kind], full95)
        print(
            f"{group:<9} {term[:24]:<24} {hits:>7,} | {full50:>9.1f} /{full95:>9.1f} "
            f"{wfull50:>6.0f} /{wfull95:>6.0f} {wfull95 / full95:>5.1f}x | "
            f"{docs50:>8.1f} /{docs95:>8.1f} {wdocs50:>6.0f} /{wdocs95:>6.0f} "
            f"{wdocs95 / docs95:>5.1f}x"
        )
    print(
        f"\nWorst full-search p95 with the indexes: {worst['terms']:.1f} ms for words "
        f"(common, medium, rare, no match), {worst['phrases']:.1f} ms for quoted phrases "
        "(target < 50 ms)."
    )

    stock_runs = max(2, args.runs // 5)
    print(f"\nBaseline: Wagtail's stock documents query without the indexes ({stock_runs} runs).")
    for (group, term, (p50, p95)), with_row in zip(
        without_index(lambda: run_stock(stock_runs)), with_rows, strict=True
    ):
        docs95 = with_row[4][1]
        print(
            f"{group:<9} {term[:24]:<24} p50 {p50:>8.1f}  p95 {p95:>8.1f}  "
            f"({p95 / docs95:>6.1f}x slower)"
        )


if __name__ == "__main__":
    main()
