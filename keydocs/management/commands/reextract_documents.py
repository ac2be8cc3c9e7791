"""Read every document's file again: detected type, PDF facts and extracted text."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from keydocs.models import KeyDocument
from keydocs.services import document_reextract


class Command(BaseCommand):
    """`manage.py reextract_documents [--id N ...]` with a progress bar."""

    help = "Re-read document files (type, size, hash, PDF facts, extracted text) within limits."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--id", type=int, action="append", dest="ids", help="Only this ID.")

    def handle(self, *args: Any, ids: list[int] | None = None, **options: Any) -> None:
        documents = KeyDocument.objects.order_by("pk")
        if ids:
            documents = documents.filter(pk__in=ids)
        failures = 0
        progress = tqdm(
            documents.iterator(),
            total=documents.count(),
            unit="doc",
            file=self.stderr,
            disable=options.get("verbosity", 1) == 0,
        )
        for document in progress:
            progress.set_postfix_str(document.filename[:30])
            try:
                document_reextract(document=document)
            except OSError as error:
                failures += 1
                self.stderr.write(f"Document {document.pk}: file missing or unreadable ({error}).")
                continue
            if document.extraction_error:
                failures += 1
                self.stderr.write(f"Document {document.pk}: {document.extraction_error}")
        self.stdout.write(
            self.style.SUCCESS(f"Re-read {documents.count()} documents; {failures} with problems.")
        )
