"""Apply purges recorded in the outbox that have not reached the caches yet (run every minute)."""

from typing import Any

from django.core.management.base import BaseCommand

from caching import services


class Command(BaseCommand):
    help = (
        "Apply pending purges to the page cache and the front cache, resynchronising the page "
        "cache with the database (after a cache outage or a database restore). Run every minute."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        remaining = services.pending_purges_apply()
        if remaining:
            self.stderr.write(f"{remaining} purge(s) still pending; they will be retried.")
        elif options["verbosity"] > 0:
            self.stdout.write("Every recorded purge is applied.")
