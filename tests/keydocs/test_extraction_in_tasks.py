"""Extraction runs only in the background task, never in the upload request (issue #13).

With the database task backend (as production runs it) nothing is extracted until the worker
runs the queued task; a crashed or failed extraction is left "pending" or "failed" for
`document_files_retry`; a title still taken from the file name becomes the file's own title.
"""

import io
import json

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from keydocs import facts as facts_module
from keydocs.models import DocumentFile, KeyDocument
from keydocs.services import (
    document_file_publish,
    document_files_retry,
    document_replace,
    document_upload,
)
from tests.keydocs.conftest import make_pdf, upload
from tests.support.servers import EICAR_SIGNATURE, eicar_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings, clamd_server, tmp_path):
    """Tasks go to the database queue, as in production; scans go to the test clamd."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"


@pytest.fixture
def extractor_calls(monkeypatch):
    """Count calls of the real extractor (`inspect_file`), which still runs."""
    calls = []
    real = facts_module.inspect_file

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(facts_module, "inspect_file", counting)
    return calls


def run_worker(capture) -> list[str]:
    """Run every queued task with django-tasks-db's own worker code; return the keydocs
    tasks that ran (other apps queue tasks too, e.g. cache purges)."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = []
    while (queued := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        queued.claim(worker.worker_id)
        with capture(execute=True):
            worker.run_task(queued)
        if queued.task_path.startswith("keydocs."):
            ran.append(queued.task_path.rpartition(".")[2])
    return ran


def make_titled_docx(title, text="Partners of the Bali Process"):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.language = "en-AU"
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_upload_request_never_extracts_and_the_worker_does(
    editor_client, database_tasks, extractor_calls, django_capture_on_commit_callbacks
):
    content = make_pdf(pages=3, text="Regional cooperation", title="National Action Plan")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtaildocs:add"), {"title": "", "file": upload("nap-2024.pdf", content)}
        )
    assert response.status_code == 302
    assert extractor_calls == [], "the request ran the extractor"
    document = KeyDocument.objects.get()
    assert document.title == "nap-2024", "a blank title is the file name until extraction"
    assert document.mime_type == "application/pdf" and document.file_size == len(content)
    assert document.page_count is None and document.extracted_text == ""
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.AWAITING
    assert version.extraction == DocumentFile.Extraction.PENDING and version.facts == {}

    assert run_worker(django_capture_on_commit_callbacks) == ["scan_document_file"]
    assert len(extractor_calls) == 1
    document.refresh_from_db()
    version.refresh_from_db()
    assert version.scan_state == DocumentFile.ScanState.CLEAN
    assert version.extraction == DocumentFile.Extraction.DONE
    assert version.facts["page_count"] == 3 and version.facts["title"] == "National Action Plan"
    assert document.page_count == 3 and "Regional cooperation" in document.extracted_text
    assert document.title == "National Action Plan", "the title came from the PDF's /Title"


def test_the_multiple_uploader_never_extracts_in_the_request(
    editor_client, database_tasks, extractor_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtaildocs:add_multiple"),
            {"files[]": upload("plan.docx", make_titled_docx("Regional plan of action"))},
        )
    payload = json.loads(response.content)
    assert payload["success"] is True
    assert extractor_calls == []
    html = payload["form"]
    assert "Read from the file" in html and "Word document" in html
    assert "Awaiting scan" in html and "Read after the virus scan" in html
    document = KeyDocument.objects.get()
    assert document.sha256 in html
    assert document.title == "plan.docx"

    assert run_worker(django_capture_on_commit_callbacks) == ["scan_document_file"]
    assert len(extractor_calls) == 1
    document.refresh_from_db()
    assert document.title == "Regional plan of action", "the title came from the DOCX"
    assert "Partners of the Bali Process" in document.extracted_text
    assert document.files.get().facts["language"] == "en-AU"


def test_a_replacement_draft_is_extracted_for_review_before_approval(
    editor, database_tasks, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("plan.pdf", make_pdf(pages=1, text="First edition")),
            title="Action plan",
            user=editor,
        )
    run_worker(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        document_file_publish(version=document.files.get(), user=None, check=False)
    with django_capture_on_commit_callbacks(execute=True):
        document_replace(
            document=document,
            uploaded_file=upload("plan-2.pdf", make_pdf(pages=5, text="Second edition")),
            user=editor,
        )
    run_worker(django_capture_on_commit_callbacks)
    draft = document.files.get(status=DocumentFile.Status.DRAFT)
    document.refresh_from_db()
    assert draft.extraction == DocumentFile.Extraction.DONE and draft.facts["page_count"] == 5
    assert document.page_count == 1, "the public document keeps its approved file's facts"
    assert "First edition" in document.extracted_text

    with django_capture_on_commit_callbacks(execute=True):
        document_file_publish(version=draft, user=None, check=False)
    run_worker(django_capture_on_commit_callbacks)
    document.refresh_from_db()
    assert document.page_count == 5 and "Second edition" in document.extracted_text
    assert document.title == "Action plan", "an editor's own title is kept"


def test_a_crashed_extraction_is_left_pending_and_retried(
    editor, database_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("plan.pdf", make_pdf(pages=2)), title="Plan", user=editor
        )

    def worker_killed(*args, **kwargs):
        raise SystemExit("worker killed mid-extraction")

    monkeypatch.setattr(facts_module, "inspect_file", worker_killed)
    run_worker(django_capture_on_commit_callbacks)
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.CLEAN
    assert version.extraction == DocumentFile.Extraction.PENDING
    assert version.facts == {"attempts": 1}
    assert version.state_label == "Clean"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert document_files_retry() == 1
    run_worker(django_capture_on_commit_callbacks)
    version.refresh_from_db()
    document.refresh_from_db()
    assert version.extraction == DocumentFile.Extraction.DONE
    assert version.facts["attempts"] == 2 and document.page_count == 2


def test_a_timed_out_extraction_fails_clearly_and_is_retried_a_few_times(
    editor, database_tasks, settings, django_capture_on_commit_callbacks
):
    settings.KEYDOCS_EXTRACTION_TIMEOUT = 0.01
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("long.pdf", make_pdf(pages=40)), title="Long", user=editor
        )
    run_worker(django_capture_on_commit_callbacks)
    version = document.files.get()
    assert version.extraction == DocumentFile.Extraction.FAILED
    assert "took longer than" in version.facts["error"]
    assert version.state_label == "Extraction failed"
    document.refresh_from_db()
    assert "took longer than" in document.extraction_error
    for attempt in (2, 3):
        with django_capture_on_commit_callbacks(execute=True):
            assert document_files_retry() == 1
        run_worker(django_capture_on_commit_callbacks)
        version.refresh_from_db()
        assert version.facts["attempts"] == attempt
    assert document_files_retry() == 0, "a file that always fails is not retried for ever"


def test_edit_page_shows_the_newest_files_facts_and_state(
    editor_client, editor, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("plan.pdf", make_pdf(pages=2)), title="Plan", user=editor
        )
    edit_url = reverse("wagtaildocs:edit", args=[document.pk])
    before = editor_client.get(edit_url).content.decode()
    assert 'data-file-state="awaiting_scan">Awaiting scan' in before
    assert "Read after the virus scan" in before
    run_worker(django_capture_on_commit_callbacks)
    after = editor_client.get(edit_url).content.decode()
    assert 'data-file-state="clean">Clean' in after
    assert "<dt>Pages</dt><dd>2</dd>" in after
    assert "<dt>Title in the file</dt><dd>Test report</dd>" in after
    assert document.sha256 in after


def test_an_infected_file_found_by_the_worker_is_e_mailed_to_its_uploader(
    editor_client, editor, database_tasks, settings, django_capture_on_commit_callbacks
):
    editor.email = "erin.editor@example.gov.au"
    editor.save()
    settings.DEFAULT_FROM_EMAIL = "portal@example.gov.au"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtaildocs:add"),
            {"title": "Meeting notes", "file": upload("notes.txt", eicar_bytes())},
        )
    assert response.status_code == 302
    assert not mail.outbox, "nothing is known until the worker scans the file"

    assert run_worker(django_capture_on_commit_callbacks) == ["scan_document_file"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erin.editor@example.gov.au"]
    assert message.from_email == "portal@example.gov.au"
    assert message.subject == "Virus found: “notes.txt” was quarantined and not published"
    assert "“notes.txt” you uploaded for the document “Meeting notes”" in message.body
    assert EICAR_SIGNATURE in message.body
    assert "It was not published and nobody can download it." in message.body
    document = KeyDocument.objects.get()
    assert f"http://testserver/admin/documents/edit/{document.pk}/" in message.body
    assert message.attachments == [] and eicar_bytes().decode() not in message.body
    version = document.files.get()
    assert version.status == DocumentFile.Status.QUARANTINED
    entry = ModelLogEntry.objects.get(action="keydocs.file_infected")
    assert entry.user == editor and EICAR_SIGNATURE in entry.data["signature"]
