"""Background tasks for documents (django-tasks): scanning, then extraction, and re-extraction.

`make run` and the tests use the immediate backend (tasks run in-process when enqueued);
production uses django-tasks-db and a `manage.py db_worker` process.
"""

from django_tasks import task

from keydocs.models import DocumentFile
from keydocs.processing import document_file_extract, document_file_scan


@task()
def scan_document_file(version_id: int) -> str:
    """Scan an uploaded file; a clean file is then extracted. Returns the scan state."""
    state = document_file_scan(version_id)
    if state == DocumentFile.ScanState.CLEAN:
        document_file_extract(version_id)
    return state


@task()
def extract_document_file(version_id: int) -> str:
    """(Re-)extract a clean file's facts and text (the only place extraction runs for an
    upload; see `keydocs.processing.document_file_extract`). Returns the extraction state."""
    return document_file_extract(version_id)
