"""Queue again the scans that failed or stalled, and extractions still pending."""

from typing import Any

from django.core.management.base import BaseCommand

from keydocs.services import document_files_retry


class Command(BaseCommand):
    """`manage.py retry_document_scans`: run from cron or a timer, e.g. every five minutes."""

    help = "Queue again failed or stalled virus scans, and pending extractions."

    def handle(self, *args: Any, **options: Any) -> None:
        count = document_files_retry()
        self.stdout.write(f"Queued {count} tasks.")
