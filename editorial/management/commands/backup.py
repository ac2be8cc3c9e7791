"""`manage.py backup [folder]`: database (pg_dump custom format), media and a checksum manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup folder: database.dump, the media and MANIFEST.json (SHA-256 of each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", nargs="?", default="backups", type=Path)

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            folder = backup_create(destination=destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
