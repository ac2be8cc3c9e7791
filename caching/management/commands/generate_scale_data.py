"""Generate (or top up) a large site for benchmarks: pages and documents via bulk inserts."""

import time

from django.core.management.base import BaseCommand, CommandError

from caching.scale_data import generate_scale_data


class Command(BaseCommand):
    help = (
        "Create a large site for benchmarks and load tests: generic pages under /scale-data/ and "
        "documents sharing one stored file. Reruns reuse what exists and add only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=10_000, help="Pages to have in total.")
        parser.add_argument(
            "--documents", type=int, default=100_000, help="Documents to have in total."
        )
        parser.add_argument(
            "--large-document-mb",
            type=int,
            default=0,
            help="Also make one document of this many megabytes (a sparse file) for downloads.",
        )

    def handle(self, *args, pages, documents, large_document_mb, **options):
        if pages < 1 or documents < 0 or large_document_mb < 0:
            raise CommandError("--pages must be at least 1; the other counts cannot be negative.")
        started = time.monotonic()
        summary = generate_scale_data(
            pages=pages, documents=documents, large_document_mb=large_document_mb
        )
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Scale data ready in {seconds:.1f} s: added {summary['pages_added']} pages and "
            f"{summary['documents_added']} documents."
        )
        if "large_document_url" in summary:
            self.stdout.write(f"Large document: {summary['large_document_url']}")
