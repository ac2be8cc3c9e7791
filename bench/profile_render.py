#!/usr/bin/env python
"""Where a cold render's CPU goes: one page rendered in one process with both caches off.

    .venv/bin/python bench/profile_render.py [--requests 100] [--path /people-smuggling/]
        [--queries] [--dump profile.out]

Run `make bench` once first (or migrate, `seed_section` and `collectstatic` on `DATABASE_URL`,
default portal_bench). With the production settings (`bench.settings`), the page cache and the
content cache off, through Django's WSGI handler and the whole middleware stack, it prints:

* CPU per render (`time.process_time()`, so waiting for PostgreSQL is not counted), best of five
  batches, and the wall time of the same batch;
* queries per render and the wall time spent in the database driver;
* a breakdown from `cProfile` (timed by process CPU): each phase's inclusive share of the
  profiled time, and that share applied to the unprofiled CPU per render. Phases nest (queries
  run inside template rendering count in both), so the shares do not add up to 100 %.

No cache is read or written, and nothing is kept between renders but what Django and Wagtail
keep per process anyway (compiled templates, URL resolvers, content types).
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import inprocess  # noqa: E402 - the path is set just above

# (label, file name ending, function name): inclusive CPU of every call to these functions.
PHASES = (
    ("whole request (WSGI handler)", "django/core/handlers/wsgi.py", "__call__"),
    ("Wagtail page view (serve)", "wagtail/views.py", "serve"),
    ("routing (route_for_request)", "wagtail/models/pages.py", "route_for_request"),
    ("site lookup (Site.find_for_request)", "wagtail/models/sites.py", "find_for_request"),
    ("view restrictions (serve)", "wagtail/models/pages.py", "get_view_restrictions"),
    ("context processors (settings)", "sitewide/context_processors.py", "site_identity"),
    ("template rendering", "django/template/response.py", "rendered_content"),
    ("content between header and footer", "caching/templatetags/content_cache.py", "render"),
    ("page records (shown_records)", "pages/selectors.py", "shown_records"),
    ("block records (working groups)", "pages/templatetags/portal_tags.py", "working_groups_for"),
    ("StreamField to_python", "wagtail/blocks/stream_block.py", "_prefetch_blocks"),
    ("rich text (RichText.__html__)", "wagtail/rich_text/__init__.py", "__html__"),
    ("rich text (|richtext filter)", "wagtail/templatetags/wagtailcore_tags.py", "richtext"),
    ("JSON-LD (department)", "pages/templatetags/portal_tags.py", "department_json_ld"),
    ("JSON-LD (contact points)", "pages/templatetags/portal_tags.py", "contact_point_json_ld"),
    ("page meta (title, canonical, image)", "pages/templatetags/portal_tags.py", "page_meta"),
    ("ORM: querysets evaluated", "django/db/models/query.py", "_fetch_all"),
    ("ORM: SQL compiled (as_sql)", "django/db/models/sql/compiler.py", "as_sql"),
    ("ORM: driver execute", "django/db/backends/utils.py", "_execute"),
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="renders per batch")
    parser.add_argument("--path", default="/people-smuggling/")
    parser.add_argument("--queries", action="store_true", help="print every query of a render")
    parser.add_argument("--dump", help="write the cProfile data to this file")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="only warm up and render --requests times, printing nothing (for valgrind: the "
        "difference between two --requests counts is the cost of the extra renders)",
    )
    return parser.parse_args()


def phase_times(stats):
    """{label: (inclusive seconds, calls)} for PHASES, from a pstats.Stats."""
    found = {label: [0.0, 0] for label, _, _ in PHASES}
    for (filename, _, function), (_, calls, _, cumulative, _) in stats.stats.items():
        for label, ending, name in PHASES:
            if function == name and filename.endswith(ending):
                found[label][0] += cumulative
                found[label][1] += calls
    return found


def main():
    args = parse_args()
    floor_file = Path(tempfile.mkdtemp()) / "page.html"
    floor_file.write_bytes(b"")
    inprocess.configure(floor_file)
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    settings.PORTAL_PAGE_CACHE_ENABLED = False
    settings.PORTAL_CONTENT_CACHE_ENABLED = False
    call = inprocess.caller(WSGIHandler())
    status, _, html = call(args.path)
    if not status.startswith("200"):
        raise SystemExit(f"{args.path} answered {status}: run `make bench` once first")
    for _ in range(5):
        call(args.path)
    if args.plain:
        for _ in range(args.requests):
            call(args.path)
        return

    queries: list[str] = []
    database_seconds = [0.0]

    def count(execute, sql, params, many, context):
        queries.append(sql)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database_seconds[0] += time.perf_counter() - started

    with connection.execute_wrapper(count):
        for _ in range(args.requests):
            call(args.path)
    per_render = len(queries) // args.requests
    database_ms = database_seconds[0] / args.requests * 1000

    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(5):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            call(args.path)
        sample_cpu = (time.process_time() - cpu) / args.requests * 1000
        if sample_cpu < best_cpu:
            best_cpu = sample_cpu
            best_wall = (time.perf_counter() - wall) / args.requests * 1000

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(args.requests):
        call(args.path)
    profiler.disable()
    if args.dump:
        profiler.dump_stats(args.dump)
    stats = pstats.Stats(profiler)
    found = phase_times(stats)
    total = found[PHASES[0][0]][0]

    print(f"Cold render of {args.path} ({len(html)} bytes), {args.requests} renders per batch")
    print(f"  CPU per render (best of 5):  {best_cpu:6.2f} ms   (wall {best_wall:.2f} ms)")
    print(f"  queries per render:          {per_render:6d}      (driver wall {database_ms:.2f} ms)")
    if args.queries:
        for sql in queries[:per_render]:
            print(f"    {sql[:150]}")
    print()
    print("| phase (inclusive) | calls/render | share | ≈ CPU ms/render |")
    print("| --- | ---: | ---: | ---: |")
    for label, _, _ in PHASES:
        seconds, calls = found[label]
        share = seconds / total if total else 0.0
        print(f"| {label} | {calls / args.requests:.1f} | {share:5.1%} | {share * best_cpu:5.2f} |")
    print(f"\nload average: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
