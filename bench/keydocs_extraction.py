"""Benchmark: upload checks and bounded extraction on generated PDFs and DOCX files.

Run: .venv/bin/python bench/keydocs_extraction.py
Prints the median wall-clock time of several runs for each case; nothing is asserted.
"""

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os  # noqa: E402

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from fpdf import FPDF  # noqa: E402

from keydocs.extraction import ExtractionLimits, inspect_file  # noqa: E402
from keydocs.filetypes import Reader  # noqa: E402
from keydocs.validation import validate_upload  # noqa: E402

RUNS = 5


def make_pdf(pages):
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {number}. " + "Regional cooperation on modern slavery. " * 40)
    return bytes(pdf.output())


def make_docx(paragraphs):
    import docx

    document = docx.Document()
    for number in range(paragraphs):
        document.add_paragraph(f"Paragraph {number}. " + "Bali Process partners. " * 20)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def median_seconds(function):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main():
    cases = [
        ("pdf 10 pages", make_pdf(10), "x.pdf", Reader.PDF),
        ("pdf 200 pages", make_pdf(200), "x.pdf", Reader.PDF),
        ("docx 2000 paragraphs", make_docx(2000), "x.docx", Reader.DOCX),
    ]
    limits = ExtractionLimits()
    print(f"limits: {limits}")
    for label, content, name, mime in cases:
        with tempfile.NamedTemporaryFile(suffix=name) as handle:
            handle.write(content)
            handle.flush()
            validate = median_seconds(
                lambda n=name, c=content: validate_upload(SimpleUploadedFile(n, c))
            )
            extract = median_seconds(lambda path=handle.name, m=mime: inspect_file(path, m, limits))
            result = inspect_file(handle.name, mime, limits)
        print(
            f"{label:22} {len(content) / 1024:8.0f} KiB  validate {validate * 1000:7.1f} ms  "
            f"extract {extract * 1000:7.1f} ms  chars {len(result.text):7}  "
            f"pages read {result.pages_read}  truncated {result.text_truncated}"
        )


if __name__ == "__main__":
    main()
