"""`manage.py record_heartbeat [name]`: the scheduler says it is alive (read by /readyz)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from editorial.services import heartbeat_record


class Command(BaseCommand):
    help = "Record a heartbeat for the scheduler or a worker; /readyz reports its age."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", default=settings.PORTAL_WORKER_HEARTBEAT_NAME)

    def handle(self, *args: Any, name: str, **options: Any) -> None:
        heartbeat_record(name=name)
        self.stdout.write(f"Heartbeat recorded for {name}.")
