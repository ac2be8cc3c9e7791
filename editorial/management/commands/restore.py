"""`manage.py restore <backup folder>`: verify the manifest, then restore database and media."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from editorial.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Verify a backup's manifest, then restore its database and media over the current ones, "
        "make every cached page stale and audit every document file (as `audit_documents`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: the current data is replaced."
        )

    def handle(self, *args: Any, source: Path, yes: bool, **options: Any) -> None:
        if (
            not yes
            and input(f"Replace the current database and media with {source}? [y/N] ") != "y"
        ):
            raise CommandError("Nothing was restored.")
        try:
            result = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(f"{error} Nothing was restored.") from error
        report = result.integrity
        self.stdout.write(f"Document files checked: {report.checked}")
        if not report.ok:
            raise CommandError(
                "Restored, but the document audit (as `audit_documents`) found problems:\n"
                + "\n".join(
                    [*report.corrupted, *report.missing, *report.orphans, *report.unscanned]
                )
            )
        self.stdout.write(self.style.SUCCESS(f"Restored from {source}; cached pages are stale."))
