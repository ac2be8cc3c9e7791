"""A large, realistic-shaped site for benchmarks and load tests, written with bulk inserts.

Pages are generic Wagtail pages in sections of a hundred under /scale-data/; documents are
KeyDocument rows that all point at one small stored PDF, so 100 000 documents cost rows, not
files. Reruns top the counts up to what is asked, so an existing data set is reused.

Run: .venv/bin/python bench/generate_scale_data.py [--pages 10000] [--documents 100000]
(`bench/run.py` runs it with the benchmark's database and settings.)
"""

import argparse
import hashlib
import io
import random
import sys
import time
import uuid
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from pypdf import PdfWriter
from wagtail.models import Collection, Page

from content.loader import seed_section
from keydocs.models import KeyDocument

SCALE_ROOT_SLUG = "scale-data"
SCALE_COLLECTION_NAME = "Scale data"
SHARED_FILE_NAME = "documents/scale-data-shared.pdf"
PAGES_PER_SECTION = 100
VOCABULARY_TEXT = (
    "people smuggling human trafficking modern slavery forced labour bali process regional "
    "cooperation victims support prosecution border protection migration irregular maritime "
    "ministerial declaration working group consultation framework partnership capacity building "
    "legislation reporting supply chains indonesia australia pacific dialogue guidelines annual "
    "strategy review evaluation national action plan ambassador forum secretariat statement"
)
VOCABULARY = VOCABULARY_TEXT.split()


def words(rng, count):
    """`count` words of portal vocabulary drawn from `rng`."""
    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def bulk_add_children(parent, children):
    """Insert unsaved generic `Page` objects under `parent` in one statement; returns them.

    Fills in the tree path, depth, URL path, locale and publication fields that
    `Page.add_child` would, without its per-page queries and signals.
    """
    last_child = parent.get_last_child()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(Page)
    for offset, child in enumerate(children):
        child.path = Page._get_path(parent.path, parent.depth + 1, first_step + offset)
        child.depth = parent.depth + 1
        child.numchild = 0
        child.url_path = f"{parent.url_path}{child.slug}/"
        child.draft_title = child.title
        child.content_type = content_type
        child.locale_id = parent.locale_id
        child.translation_key = uuid.uuid4()
        child.live = True
        child.has_unpublished_changes = False
        child.first_published_at = child.last_published_at = now
    created = Page.objects.bulk_create(children, batch_size=2000)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(created))
    parent.numchild += len(created)
    return created


def _scale_root(home):
    root = home.get_children().filter(slug=SCALE_ROOT_SLUG).first()
    if root is None:
        root = bulk_add_children(home, [Page(title="Scale data", slug=SCALE_ROOT_SLUG)])[0]
    return root


def generate_pages(*, count, seed=1):
    """Make sure the scale section holds at least `count` pages; returns how many were added."""
    home = seed_section()
    root = _scale_root(home)
    existing = root.get_descendants().count()
    missing = count - existing
    rng = random.Random(seed + existing)  # noqa: S311 - filler text, not secrets
    sections = root.get_children().count()
    added = 0
    while added < missing:
        sections += 1
        section = bulk_add_children(
            root, [Page(title=f"Section {sections}: {words(rng, 3)}", slug=f"section-{sections}")]
        )[0]
        leaves = min(PAGES_PER_SECTION - 1, missing - added - 1)
        bulk_add_children(
            section,
            [
                Page(
                    title=f"{words(rng, 4).capitalize()} {sections}-{number}",
                    slug=f"page-{number}",
                    search_description=words(rng, 20),
                )
                for number in range(1, leaves + 1)
            ],
        )
        added += 1 + leaves
    return added


def _shared_file():
    if not default_storage.exists(SHARED_FILE_NAME):
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buffer = io.BytesIO()
        writer.write(buffer)
        default_storage.save(SHARED_FILE_NAME, ContentFile(buffer.getvalue()))
    with default_storage.open(SHARED_FILE_NAME) as stored:
        content = stored.read()
    return len(content), hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _scale_collection():
    existing = Collection.objects.filter(name=SCALE_COLLECTION_NAME).first()
    return existing or Collection.get_first_root_node().add_child(name=SCALE_COLLECTION_NAME)


def _document_row(*, number, rng, collection, file_size, file_hash):
    text = words(rng, 80)
    document = KeyDocument(
        title=f"{words(rng, 5).capitalize()} ({number})",
        file=SHARED_FILE_NAME,
        description=text[:200],
        collection=collection,
        file_size=file_size,
        file_hash=file_hash,
        live_since=timezone.now(),
    )
    # Documents gain their extracted text once KeyDocument has the field; nothing else changes.
    if hasattr(document, "extracted_text"):
        document.extracted_text = text
    return document


def generate_documents(*, count, seed=1, batch_size=5000):
    """Top the scale collection up to `count` documents; returns how many were added."""
    collection = _scale_collection()
    existing = KeyDocument.objects.filter(collection=collection).count()
    file_size, file_hash = _shared_file()
    rng = random.Random(seed + existing)  # noqa: S311 - filler text, not secrets
    added = 0
    for start in range(existing, count, batch_size):
        rows = [
            _document_row(
                number=number,
                rng=rng,
                collection=collection,
                file_size=file_size,
                file_hash=file_hash,
            )
            for number in range(start + 1, min(start + batch_size, count) + 1)
        ]
        KeyDocument.objects.bulk_create(rows)
        added += len(rows)
    return added


def ensure_large_document(*, megabytes):
    """A document of `megabytes` MB (a sparse file of zeros) for download checks."""
    name = f"documents/scale-data-large-{megabytes}mb.bin"
    path = Path(default_storage.path(name))
    if not path.exists() or path.stat().st_size != megabytes * 1024 * 1024:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.truncate(megabytes * 1024 * 1024)
    document, _created = KeyDocument.objects.get_or_create(
        file=name,
        defaults={
            "title": f"Large download ({megabytes} MB)",
            "collection": _scale_collection(),
            "file_size": megabytes * 1024 * 1024,
            "live_since": timezone.now(),
        },
    )
    return document


@transaction.atomic
def generate_scale_data(*, pages, documents, large_document_mb=0):
    """Top the scale data up to the requested counts; returns a summary of what was added."""
    summary = {
        "pages_added": generate_pages(count=pages),
        "documents_added": generate_documents(count=documents),
    }
    if large_document_mb:
        summary["large_document_url"] = ensure_large_document(megabytes=large_document_mb).url
    return summary


def main(argv: list[str] | None = None) -> dict[str, object]:
    """The command line: top the scale data up and print what was added."""
    parser = argparse.ArgumentParser(
        prog="generate_scale_data",
        description=(
            "Create a large site for benchmarks and load tests: generic pages under /scale-data/ "
            "and documents sharing one stored file. Reruns reuse what exists and add only what "
            "is missing."
        ),
    )
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
    args = parser.parse_args(argv)
    if args.pages < 1 or args.documents < 0 or args.large_document_mb < 0:
        parser.error("--pages must be at least 1; the other counts cannot be negative.")
    started = time.monotonic()
    summary = generate_scale_data(
        pages=args.pages, documents=args.documents, large_document_mb=args.large_document_mb
    )
    seconds = time.monotonic() - started
    sys.stdout.write(
        f"Scale data ready in {seconds:.1f} s: added {summary['pages_added']} pages and "
        f"{summary['documents_added']} documents.\n"
    )
    if "large_document_url" in summary:
        sys.stdout.write(f"Large document: {summary['large_document_url']}\n")
    return summary
