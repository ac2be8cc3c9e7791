#!/usr/bin/env python
"""CPU cost of one request, in one process, for the figures `make bench` cannot separate.

    .venv/bin/python bench/inprocess.py [--requests 2000] [--path /people-smuggling/]

Run `make bench` once first: it prepares the PostgreSQL database and collected static files this
reuses (`DATABASE_URL`, default portal_bench). Redis database `BENCH_INPROCESS_REDIS_URL`
(default redis://127.0.0.1:6379/6) is emptied. With the production settings, it prints:

* CPU time (`time.process_time()`, so waiting for Redis is not counted) per request, and Redis's
  own CPU per request (`INFO cpu`), for the floor view (`bench.settings`), a page-cache hit
  (answered by the WSGI layer of `portal.wsgi`, the one hit path) and the hit's one lookup in
  Redis (`caching.store.lookup`); best of five batches each;
* wall time and queries per render of the page with the page cache off: with current content
  (content cache on) and cold (content cache off).
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per batch")
    parser.add_argument("--path", default="/people-smuggling/")
    return parser.parse_args()


def configure(floor_file):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": os.environ.get(
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
            ),
            "REDIS_URL": os.environ.get("BENCH_INPROCESS_REDIS_URL", "redis://127.0.0.1:6379/6"),
            "PORTAL_CACHE_KEY_PREFIX": "bench-inprocess",
            "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "PORTAL_BENCH_FLOOR_FILE": str(floor_file),
        }
    )


def caller(application):
    def call(path):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1:8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        started = []

        def start_response(status, headers, exc_info=None):
            started.append((status, dict(headers)))

        body = b"".join(application(environ, start_response))
        return started[0][0], started[0][1], body

    return call


def cpu_per_request(call, path, requests, redis_client):
    """Best of five batches: (process CPU µs, Redis CPU µs) per request."""

    def redis_cpu():
        info = redis_client.info("cpu")
        return info["used_cpu_sys"] + info["used_cpu_user"]

    best = (float("inf"), float("inf"))
    for _ in range(5):
        cpu, redis_before = time.process_time(), redis_cpu()
        for _ in range(requests):
            call(path)
        sample = (
            (time.process_time() - cpu) / requests * 1e6,
            (redis_cpu() - redis_before) / requests * 1e6,
        )
        best = min(best, sample)
    return best


def main():
    args = parse_args()
    floor_file = Path(tempfile.mkdtemp()) / "page.html"
    floor_file.write_bytes(b"")
    configure(floor_file)
    import django

    django.setup()
    import redis
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from caching import store
    from portal.wsgi import application

    redis_client = redis.Redis.from_url(os.environ["REDIS_URL"])
    redis_client.flushdb()
    through_django, through_layer = caller(WSGIHandler()), caller(application)
    status, _, html = through_django(args.path)
    if not status.startswith("200"):
        raise SystemExit(f"{args.path} answered {status}: run `make bench` once first")
    floor_file.write_bytes(through_django(args.path)[2])
    cache_status = through_layer(args.path)[1].get("X-Portal-Cache")
    if cache_status != "hit":
        raise SystemExit(f"expected a page-cache hit, got {cache_status}")

    print(f"CPU per request, best of 5 x {args.requests} ({args.path}, {len(html)} bytes)")
    for label, call, path in (
        ("floor (bare view through Django)", through_django, "/bench/floor/"),
        ("hit through the WSGI layer", through_layer, args.path),
    ):
        process, server = cpu_per_request(call, path, args.requests, redis_client)
        print(f"  {label:34} {process:7.0f} µs   Redis {server:5.0f} µs")
    address = {"scheme": "http", "host": "127.0.0.1:8000", "path": args.path, "query": ""}
    if store.lookup(**address).stored is None:
        raise SystemExit("expected the page in the page cache")
    process, server = cpu_per_request(
        lambda _path: store.lookup(**address), "", args.requests, redis_client
    )
    print(f"  {'of it, the lookup (one Redis MGET)':34} {process:7.0f} µs   Redis {server:5.0f} µs")

    settings.PORTAL_PAGE_CACHE_ENABLED = False
    print("Renders with the page cache off (mean of 50, after a warm-up)")
    for label, content_cache in (("content current", True), ("cold", False)):
        settings.PORTAL_CONTENT_CACHE_ENABLED = content_cache
        through_django(args.path)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            through_django(args.path)
        started = time.perf_counter()
        for _ in range(50):
            through_django(args.path)
        milliseconds = (time.perf_counter() - started) / 50 * 1000
        print(f"  {label:34} {milliseconds:7.1f} ms   {len(queries)} queries")
    print(f"load average: {', '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
