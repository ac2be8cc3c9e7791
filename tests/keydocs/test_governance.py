"""Documents under governance: drafts, virus scans on a real clamd, approval in the "Section
moderation" workflow (the same one pages use), direct publishing, background tasks."""

import io
import os
import socket
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry, TaskState, WorkflowState

from editorial import services as governance
from keydocs.models import DocumentFile, KeyDocument
from keydocs.selectors import public_documents
from keydocs.services import (
    document_file_approve,
    document_file_publish,
    document_files_retry,
    document_replace,
    document_upload,
)
from tests.keydocs.conftest import make_docx, make_pdf, upload
from tests.staff import sign_in_verified
from tests.support.servers import EICAR_SIGNATURE, eicar_bytes, free_port

pytestmark = pytest.mark.django_db

PASSWORD = "pw-governance-1"


@pytest.fixture
def scanner(settings, clamd_server, tmp_path):
    """Scans go to the test clamd; infected files go to a throwaway quarantine."""
    settings.CLAMD_HOST = clamd_server.host
    settings.CLAMD_PORT = clamd_server.port
    settings.CLAMD_TIMEOUT = 10
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"
    return clamd_server


@pytest.fixture
def scanner_down(settings, tmp_path):
    """clamd is configured on a loopback port where nothing listens."""
    settings.CLAMD_HOST = "127.0.0.1"
    settings.CLAMD_PORT = free_port()
    settings.CLAMD_TIMEOUT = 2
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"


@pytest.fixture
def governed(seeded_site):
    """The seeded site with the editorial groups and their permissions."""
    governance.governance_ensure()
    return seeded_site


def member(group_name):
    user = get_user_model().objects.create_user(
        username=group_name.lower().replace(" ", "-"), password=PASSWORD, first_name=group_name
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def gov_editor(governed):
    return member(governance.EDITORS)


@pytest.fixture
def gov_moderator(governed):
    return member(governance.MODERATORS)


def make_xlsx_with(text):
    """A real workbook whose first cell holds `text`."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_form(title, file):
    return {"title": title, "file": file, "collection": 1, "document_type": "report"}


def admin_upload(client, title, name, content, capture):
    with capture(execute=True):
        response = client.post(reverse("wagtaildocs:add"), add_form(title, upload(name, content)))
    assert response.status_code == 302, response.content[:2000]
    return KeyDocument.objects.get(title=title)


def publicly_visible(client, document, word):
    """Whether anonymous visitors can fetch, list and find the document."""
    served = client.get(document.url).status_code == 200
    listed = document.title in client.get("/publications/").content.decode()
    found = document.title in client.get("/search/", {"q": word}).content.decode()
    return served, listed, found


def file_url(version, view="edit"):
    return reverse(f"wagtailsnippets_keydocs_documentfile:{view}", args=[version.pk])


def workflow_action(client, version, action, comment="", **headers):
    """POST Wagtail's workflow action for the file's current task, as the dashboard does."""
    task_state = version.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_keydocs_documentfile:workflow_action",
        args=[version.pk, action, task_state.pk],
    )
    return client.post(url, {"comment": comment}, follow=True, headers=headers)


def page_text(response):
    return response.content.decode()


@pytest.fixture
def editor_upload(client, gov_editor, scanner, django_capture_on_commit_callbacks):
    """An editor's PDF uploaded in the admin: scanned clean and in the moderation workflow."""
    sign_in_verified(client, gov_editor)
    document = admin_upload(
        client,
        "Wombat strategy",
        "wombat.pdf",
        make_pdf(text="Wombat burrows"),
        django_capture_on_commit_callbacks,
    )
    client.logout()
    return document


def test_editor_upload_is_in_the_workflow_and_private(
    client, editor_upload, gov_editor, gov_moderator
):
    document = editor_upload
    version = document.files.get()
    assert version.status == DocumentFile.Status.DRAFT and not version.live
    assert version.scan_state == DocumentFile.ScanState.CLEAN
    assert version.uploaded_by == gov_editor
    assert version.sha256 == document.sha256 and len(version.sha256) == 64
    state = version.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == governance.WORKFLOW_NAME
    assert state.current_task_state.task.name == governance.REVIEW_TASK_NAME
    assert state.requested_by == gov_editor
    document.refresh_from_db()
    assert document.live_since is None
    assert "Wombat burrows" in document.extracted_text, "extraction ran as a task"

    assert publicly_visible(client, document, "Wombat") == (False, False, False)
    assert not public_documents().filter(pk=document.pk).exists()

    sign_in_verified(client, gov_moderator)
    dashboard = page_text(client.get(reverse("wagtailadmin_home")))
    assert "Awaiting your review" in dashboard
    assert "Wombat strategy – wombat.pdf" in dashboard
    assert file_url(version) in dashboard
    preview = client.get(reverse("keydocs_file_preview", args=[version.pk]))
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]


def test_moderator_approves_in_the_workflow_with_a_comment(
    client, editor_upload, gov_moderator, django_capture_on_commit_callbacks
):
    document = editor_upload
    version = document.files.get()
    sign_in_verified(client, gov_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, version, "approve", "Checked against the original.")
    assert response.status_code == 200
    client.logout()

    version.refresh_from_db()
    assert version.status == DocumentFile.Status.LIVE and version.live
    assert version.approved_by == gov_moderator and version.approved_at is not None
    assert version.review_comment == "Checked against the original."
    assert version.live_revision_id == version.latest_revision_id
    assert version.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert publicly_visible(client, document, "Wombat") == (True, True, True)
    entry = ModelLogEntry.objects.get(action="keydocs.file_approved")
    assert entry.user == gov_moderator
    assert entry.data["comment"] == "Checked against the original."


def test_moderator_requests_changes_and_the_editor_resubmits(
    client, editor_upload, gov_editor, gov_moderator
):
    document = editor_upload
    version = document.files.get()
    sign_in_verified(client, gov_moderator)
    response = workflow_action(client, version, "reject", "Add the publication date.")
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.CHANGES_REQUESTED and not version.live
    assert version.review_comment == "Add the publication date."
    assert version.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    sign_in_verified(client, gov_editor)
    edit_page = page_text(client.get(reverse("wagtaildocs:edit", args=[document.pk])))
    assert "Add the publication date." in edit_page and "Changes requested" in edit_page
    assert "Add the publication date." in page_text(client.get(file_url(version)))
    client.logout()
    assert publicly_visible(client, document, "Wombat") == (False, False, False)

    sign_in_verified(client, gov_editor)
    response = client.post(file_url(version), {"action-submit": "action-submit"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.DRAFT
    assert version.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_request_changes_needs_a_comment(client, editor_upload, gov_moderator):
    version = editor_upload.files.get()
    sign_in_verified(client, gov_moderator)
    response = workflow_action(client, version, "reject", "")
    assert "Say what needs to change." in page_text(response)
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.DRAFT
    assert version.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approval_waits_for_a_clean_scan(
    client, gov_editor, gov_moderator, scanner_down, django_capture_on_commit_callbacks
):
    sign_in_verified(client, gov_editor)
    document = admin_upload(
        client, "Unscanned", "unscanned.pdf", make_pdf(), django_capture_on_commit_callbacks
    )
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.AWAITING
    assert version.workflow_in_progress, "moderators see it waiting"
    sign_in_verified(client, gov_moderator)
    response = workflow_action(client, version, "approve", "Looks fine.")
    assert response.status_code == 200
    assert (
        "This file cannot be approved until the virus scan has passed (it is awaiting scan)."
        in page_text(response)
    )
    modal = workflow_action(
        client, version, "approve", "Looks fine.", x_requested_with="XMLHttpRequest"
    )
    assert modal.status_code == 200 and modal.json()["step"] == "success"
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.DRAFT and not version.live
    assert version.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert version.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert client.get(document.url).status_code == 404


def test_editors_cannot_publish_a_file_but_document_managers_can(
    client, editor_upload, governed, gov_editor, scanner, django_capture_on_commit_callbacks
):
    version = editor_upload.files.get()
    sign_in_verified(client, gov_editor)
    assert 'name="action-publish"' not in page_text(client.get(file_url(version)))
    client.post(file_url(version), {"action-publish": "action-publish"})
    version.refresh_from_db()
    assert version.status == DocumentFile.Status.DRAFT and not version.live
    with pytest.raises(PermissionDenied):
        document_file_publish(version=version, user=gov_editor)

    manager = member(governance.DOCUMENT_MANAGERS)
    sign_in_verified(client, manager)
    document = admin_upload(
        client, "Managed report", "managed.pdf", make_pdf(), django_capture_on_commit_callbacks
    )
    own = document.files.get()
    assert not own.workflow_in_progress, "a document manager's upload is not sent for review"
    edit_page = page_text(client.get(reverse("wagtaildocs:edit", args=[document.pk])))
    assert file_url(own) in edit_page
    assert 'name="action-publish"' in page_text(client.get(file_url(own)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(file_url(own), {"action-publish": "action-publish"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == DocumentFile.Status.LIVE and own.live and own.approved_by == manager
    client.logout()
    assert client.get(document.url).status_code == 200


def test_publishing_an_infected_file_is_refused_with_a_message(
    client, governed, scanner, django_capture_on_commit_callbacks
):
    manager = member(governance.DOCUMENT_MANAGERS)
    sign_in_verified(client, manager)
    document = admin_upload(
        client, "Infected", "eicar.txt", eicar_bytes(), django_capture_on_commit_callbacks
    )
    version = document.files.get()
    assert version.status == DocumentFile.Status.QUARANTINED
    response = client.post(file_url(version), {"action-publish": "action-publish"}, follow=True)
    assert response.status_code == 200
    assert "Only a draft file can be approved; this one is quarantined." in page_text(response)
    version.refresh_from_db()
    assert not version.live and version.approved_at is None


def test_replacement_serves_old_file_until_the_workflow_approves_it(
    client, gov_editor, gov_moderator, scanner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("plan.pdf", make_pdf(text="First edition")),
            title="Action plan",
            user=gov_editor,
        )
    with django_capture_on_commit_callbacks(execute=True):
        document_file_publish(version=document.files.get(), user=gov_moderator)
    first = client.get(document.url)
    first_bytes = b"".join(first.streaming_content)
    sign_in_verified(client, gov_editor)
    new_content = make_pdf(pages=4, text="Second edition")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": document.title,
                "collection": document.collection_id,
                "document_type": "report",
                "language": "en-AU",
                "file": upload("plan-2.pdf", new_content),
            },
        )
    assert response.status_code == 302
    client.logout()
    still = client.get(document.url)
    assert still.status_code == 200 and b"".join(still.streaming_content) == first_bytes
    draft = document.files.get(status=DocumentFile.Status.DRAFT)
    assert draft.scan_state == DocumentFile.ScanState.CLEAN
    assert draft.workflow_in_progress

    sign_in_verified(client, gov_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, draft, "approve", "Second edition checked.")
    client.logout()
    replaced = client.get(document.url)
    assert b"".join(replaced.streaming_content) == new_content
    document.refresh_from_db()
    assert document.page_count == 4 and "Second edition" in document.extracted_text
    assert document.versions.get().replaced_by == gov_editor
    assert list(document.files.values_list("status", "live")) == [
        ("live", True),
        ("superseded", False),
    ]
    draft.refresh_from_db()
    assert draft.approved_by == gov_moderator and draft.review_comment == "Second edition checked."


def test_a_newer_replacement_closes_the_older_drafts_workflow(
    gov_editor, gov_moderator, scanner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("plan.pdf", make_pdf()), title="Plan", user=gov_editor
        )
    first = document.files.get()
    assert first.workflow_in_progress
    with django_capture_on_commit_callbacks(execute=True):
        document_replace(
            document=document,
            uploaded_file=upload("plan-2.pdf", make_pdf(pages=2)),
            user=gov_editor,
        )
    first.refresh_from_db()
    assert first.status == DocumentFile.Status.SUPERSEDED
    assert first.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
    newest = document.files.get(status=DocumentFile.Status.DRAFT)
    assert newest.workflow_in_progress
    reviewable = TaskState.objects.reviewable_by(gov_moderator)
    assert [state.workflow_state.object_id for state in reviewable] == [str(newest.pk)]


def eicar_docx():
    return make_docx(text=eicar_bytes().decode("ascii"))


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("eicar.txt", eicar_bytes),
        ("eicar.docx", eicar_docx),
        ("eicar.xlsx", lambda: make_xlsx_with(eicar_bytes().decode("ascii"))),
    ],
    ids=["txt", "docx", "xlsx"],
)
def test_infected_upload_is_quarantined_and_never_served(
    client,
    gov_editor,
    gov_moderator,
    scanner,
    media_root,
    settings,
    name,
    build,
    django_capture_on_commit_callbacks,
):
    content = build()
    sign_in_verified(client, gov_editor)
    document = admin_upload(client, "Suspicious", name, content, django_capture_on_commit_callbacks)
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.INFECTED
    assert version.status == DocumentFile.Status.QUARANTINED
    assert version.scan_detail.startswith(EICAR_SIGNATURE)
    stored = [f for _root, _dirs, files in os.walk(media_root) for f in files]
    assert stored == [], "the infected file is gone from the media storage"
    quarantined = os.listdir(settings.KEYDOCS_QUARANTINE_ROOT)
    assert len(quarantined) == 1
    entry = ModelLogEntry.objects.get(action="keydocs.file_infected")
    assert entry.user == gov_editor and entry.data["signature"].startswith(EICAR_SIGNATURE)
    edit_page = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "Infected" in edit_page and EICAR_SIGNATURE in edit_page
    assert not version.workflow_in_progress, "an infected file leaves the workflow"
    with pytest.raises(ValidationError, match="Only a draft"):
        document_file_publish(version=version, user=gov_moderator)
    client.logout()
    assert client.get(f"/documents/{document.pk}/{document.filename}").status_code == 404


def test_scanner_down_keeps_file_awaiting_scan_then_retry_scans_it(
    client,
    gov_editor,
    gov_moderator,
    scanner_down,
    settings,
    clamd_server,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("report.pdf", make_pdf()), title="Report", user=gov_editor
        )
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.AWAITING
    assert "connecting" in version.scan_detail.lower() and version.scan_attempts == 1
    with pytest.raises(ValidationError, match="virus scan"):
        document_file_publish(version=version, user=gov_moderator)
    with pytest.raises(ValidationError, match="virus scan"):
        document_file_approve(version=version, user=gov_moderator)
    assert client.get(document.url).status_code == 404

    settings.CLAMD_PORT = clamd_server.port
    assert document_files_retry() == 1
    version.refresh_from_db()
    assert version.scan_state == DocumentFile.ScanState.CLEAN and version.scan_attempts == 2


def test_scanner_that_never_answers_times_out(
    gov_editor, scanner_down, settings, django_capture_on_commit_callbacks
):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    settings.CLAMD_PORT = silent.getsockname()[1]
    settings.CLAMD_TIMEOUT = 1
    try:
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            document = document_upload(
                uploaded_file=upload("report.pdf", make_pdf()), title="Slow", user=gov_editor
            )
        assert timezone.now() - started < timedelta(seconds=15)
    finally:
        silent.close()
    version = document.files.get()
    assert version.scan_state == DocumentFile.ScanState.AWAITING
    assert "timed out" in version.scan_detail.lower()


def test_crashed_scan_is_retried_once_stale(
    gov_editor, scanner, settings, django_capture_on_commit_callbacks
):
    document = document_upload(
        uploaded_file=upload("report.pdf", make_pdf()), title="Crashed", user=gov_editor
    )
    version = document.files.get()
    # What a worker killed mid-scan leaves behind: "scanning", started long ago.
    DocumentFile.objects.filter(pk=version.pk).update(
        scan_state=DocumentFile.ScanState.SCANNING,
        scan_started_at=timezone.now() - timedelta(hours=1),
        scan_attempts=1,
    )
    settings.KEYDOCS_SCAN_STALE_AFTER = 600
    assert document_files_retry() == 1
    version.refresh_from_db()
    assert version.scan_state == DocumentFile.ScanState.CLEAN
    assert version.scan_attempts == 2


def test_scan_of_a_missing_file_leaves_a_retryable_state(
    gov_editor, scanner, django_capture_on_commit_callbacks
):
    document = document_upload(
        uploaded_file=upload("report.pdf", make_pdf()), title="Lost", user=gov_editor
    )
    version = document.files.get()
    document.file.storage.delete(document.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        document_files_retry()
    version.refresh_from_db()
    assert version.scan_state == DocumentFile.ScanState.AWAITING
    assert version.scan_detail


def test_publishing_a_linking_page_publishes_its_clean_drafts_and_closes_their_workflow(
    gov_editor, gov_moderator, scanner, governed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("linked.pdf", make_pdf()), title="Linked", user=gov_editor
        )
    home = governed.specific
    home.introduction = f'<p><a linktype="document" id="{document.pk}">Linked</a></p>'
    # The admin runs each request in a log context naming the user, as here.
    with django_capture_on_commit_callbacks(execute=True), LogContext(user=gov_moderator):
        home.save_revision(user=gov_editor).publish(user=gov_moderator)
    document.refresh_from_db()
    assert document.live_since is not None
    version = document.files.get()
    assert version.status == DocumentFile.Status.LIVE and version.live
    assert version.approved_by == gov_moderator
    assert version.review_comment == "Published with a linking page."
    assert version.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
    assert not TaskState.objects.reviewable_by(gov_moderator).exists(), "nothing left to review"


def test_failed_replace_removes_its_new_file(gov_editor, scanner, media_root):
    document = document_upload(
        uploaded_file=upload("plan.pdf", make_pdf()), title="Plan", user=gov_editor
    )
    before = sorted(f for _r, _d, files in os.walk(media_root) for f in files)

    def fail(*args, **kwargs):
        raise RuntimeError("tag save failed")

    with pytest.raises(RuntimeError):
        document_replace(
            document=document,
            uploaded_file=upload("plan-2.pdf", make_pdf(pages=2)),
            user=gov_editor,
            save_related=fail,
        )
    after = sorted(f for _r, _d, files in os.walk(media_root) for f in files)
    assert after == before
    assert document.files.count() == 1


def test_the_migration_makes_approved_files_live_and_moves_the_approve_permission(
    gov_editor, governed, scanner, django_capture_on_commit_callbacks
):
    migration = import_module("keydocs.migrations.0005_documentfile_workflow")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_upload(
            uploaded_file=upload("old.pdf", make_pdf()), title="Old", user=gov_editor
        )
    approved_at = timezone.now() - timedelta(days=30)
    # A file approved before files had Wagtail's live flag, and a group holding the old permission.
    DocumentFile.objects.filter(document=document).update(
        status=DocumentFile.Status.LIVE, live=False, approved_at=approved_at
    )
    old = Permission.objects.create(
        content_type=ContentType.objects.get_for_model(KeyDocument),
        codename="approve_keydocument",
        name="Can approve document files for publication",
    )
    reviewers = Group.objects.create(name="Old reviewers")
    reviewers.permissions.add(old)

    migration.files_live_and_publish_permission(apps, None)

    version = document.files.get()
    assert version.live and version.first_published_at == approved_at
    assert list(reviewers.permissions.values_list("codename", flat=True)) == [
        "publish_documentfile"
    ]
    assert not Permission.objects.filter(codename="approve_keydocument").exists()


def test_document_files_are_never_added_or_deleted_in_the_snippet_views(
    client, editor_upload, django_user_model
):
    version = editor_upload.files.get()
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    sign_in_verified(client, boss)
    refused = reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailsnippets_keydocs_documentfile:add")).url == refused
    assert client.post(file_url(version, "delete")).url == refused
    bulk = reverse("wagtail_bulk_action", args=["keydocs", "documentfile", "delete"])
    response = client.post(f"{bulk}?id={version.pk}")
    assert response.status_code in (302, 403)
    assert DocumentFile.objects.filter(pk=version.pk).exists()
