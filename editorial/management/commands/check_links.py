"""Enqueue the broken-link check; schedule this daily (cron or a systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand

from editorial.tasks import check_links


class Command(BaseCommand):
    help = "Enqueue the background check of every link on live pages (the broken-link report)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = check_links.enqueue()
        self.stdout.write(f"Link check enqueued ({result.id}, status {result.status}).")
