"""Check stored document files against their records; optionally remove orphan files."""

from argparse import ArgumentParser
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from keydocs.integrity import documents_audit


class Command(BaseCommand):
    """`manage.py audit_documents [--fix-orphans [--yes]]`: exits non-zero on any problem."""

    help = (
        "Check the SHA-256 of every stored document file against its record; list missing, "
        "orphan and unscanned files. --fix-orphans removes orphans after confirming."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--fix-orphans", action="store_true", help="Delete files no document refers to."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Delete orphans without asking for confirmation."
        )

    def handle(
        self, *args: Any, fix_orphans: bool = False, yes: bool = False, **options: Any
    ) -> None:
        report = documents_audit(default_storage)
        sections = (
            ("Corrupted (SHA-256 differs)", report.corrupted),
            ("Missing from storage", report.missing),
            ("Orphan files (no record refers to them)", report.orphans),
            ("No scan result", report.unscanned),
        )
        for heading, lines in sections:
            if lines:
                self.stdout.write(f"{heading}: {len(lines)}")
                for line in lines:
                    self.stdout.write(f"  {line}")
        removed = 0
        if fix_orphans and report.orphans:
            answer = "y" if yes else input(f"Delete {len(report.orphans)} orphan files? [y/N] ")
            if answer.strip().lower() in {"y", "yes"}:
                for name in report.orphans:
                    default_storage.delete(name)
                    removed += 1
                self.stdout.write(f"Deleted {removed} orphan files.")
            else:
                self.stdout.write("Orphan files kept.")
        problems = (
            len(report.corrupted)
            + len(report.missing)
            + len(report.unscanned)
            + len(report.orphans)
            - removed
        )
        if problems:
            raise CommandError(f"Checked {report.checked} files: {problems} problems.")
        self.stdout.write(self.style.SUCCESS(f"Checked {report.checked} files: no problems."))
