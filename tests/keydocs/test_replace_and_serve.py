"""Replacing a file keeps its address and history; serving adds safe headers and privacy."""

import os

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from keydocs.integrity import documents_audit
from keydocs.models import DocumentFile, KeyDocument
from keydocs.services import document_file_publish, document_replace, document_upload
from keydocs.tasks import scan_document_file
from tests.keydocs.conftest import make_docx, make_pdf, make_xlsx, upload
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db


def edit_data(document, **extra):
    data = {
        "title": document.title,
        "collection": document.collection_id,
        "document_type": document.document_type,
        "language": document.language,
    }
    data.update(extra)
    return data


@pytest.fixture
def pdf_document(editor, approve_document):
    return approve_document(
        document_upload(
            uploaded_file=upload("action-plan.pdf", make_pdf(pages=2, text="First edition")),
            title="National Action Plan",
            user=editor,
        )
    )


def test_replacing_through_admin_keeps_url_and_records_history(
    editor_client, editor, pdf_document, approve_document, django_capture_on_commit_callbacks
):
    old_url, old_path = pdf_document.url, pdf_document.file.path
    old_size, old_hash = pdf_document.file_size, pdf_document.sha256
    new_content = make_pdf(pages=5, text="Second edition")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("wagtaildocs:edit", args=[pdf_document.pk]),
            edit_data(pdf_document, file=upload("revised-plan.pdf", new_content)),
        )
    assert response.status_code == 302
    assert os.path.exists(old_path), "the approved file stays until the draft is approved"
    document = approve_document(KeyDocument.objects.get(pk=pdf_document.pk))
    assert document.url == old_url
    assert document.page_count == 5
    assert "Second edition" in document.extracted_text
    assert document.replaced_at is not None
    version = document.versions.get()
    assert version.replaced_by == editor
    assert version.old_file_size == old_size and version.old_sha256 == old_hash
    assert version.old_file_name == os.path.basename(old_path)
    assert not os.path.exists(old_path), "old file is deleted once the transaction commits"
    assert os.path.exists(document.file.path)
    served = editor_client.get(old_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == new_content

    edit_page = editor_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    html = edit_page.content.decode()
    assert "Earlier files" in html and version.old_file_name in html and "Erin Editor" in html


def test_old_file_survives_until_commit(editor, pdf_document, django_capture_on_commit_callbacks):
    old_path = pdf_document.file.path
    document_replace(
        document=pdf_document, uploaded_file=upload("v2.pdf", make_pdf(pages=1)), user=editor
    )
    draft = pdf_document.files.get(status=DocumentFile.Status.DRAFT)
    scan_document_file.call(draft.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document_file_publish(version=draft, user=None, check=False)
    assert os.path.exists(old_path)
    assert callbacks, "the old file's deletion waits for the commit"
    for callback in callbacks:
        callback()
    assert not os.path.exists(old_path)


def test_failed_replace_loses_nothing_and_its_leftover_is_an_orphan(
    editor, pdf_document, media_root
):
    old_path, old_name = pdf_document.file.path, pdf_document.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        document_replace(
            document=pdf_document, uploaded_file=upload("v2.pdf", make_pdf(pages=1)), user=editor
        )
        raise RuntimeError("forced failure after the new file was written")
    stored = KeyDocument.objects.get(pk=pdf_document.pk)
    assert stored.file.name == old_name
    assert stored.versions.count() == 0 and stored.files.count() == 1
    assert stored.replaced_at is None
    assert os.path.exists(old_path)
    assert documents_audit().orphans == ["document-drafts/v2.pdf"]


def test_replacement_of_another_type_is_refused(editor_client, pdf_document):
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[pdf_document.pk]),
        edit_data(pdf_document, file=upload("plan.docx", make_docx())),
    )
    assert response.status_code == 200
    assert "must be the same type as the current file (PDF)" in response.content.decode()
    assert KeyDocument.objects.get(pk=pdf_document.pk).versions.count() == 0


def test_hostile_replacement_refused_without_500(editor_client, pdf_document):
    old_path = pdf_document.file.path
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[pdf_document.pk]),
        edit_data(pdf_document, file=upload("v2.pdf", b"<html><script>x</script></html>")),
    )
    assert response.status_code == 200
    assert "HTML web page" in response.content.decode()
    assert os.path.exists(old_path)


def test_pdf_served_inline_with_strict_headers(client, pdf_document):
    response = client.get(pdf_document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["Content-Disposition"].startswith("inline")
    assert response.streaming, "files stream rather than being read into memory"
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(("name", "build"), [("plan.docx", make_docx), ("figures.xlsx", make_xlsx)])
def test_non_pdf_served_as_attachment(client, editor, approve_document, name, build):
    document = approve_document(
        document_upload(uploaded_file=upload(name, build()), title="File", user=editor)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; sandbox; frame-ancestors 'none'"
    )
    assert response["Content-Type"] == document.mime_type


def test_wrong_filename_in_address_is_404(client, pdf_document):
    response = client.get(reverse("wagtaildocs_serve", args=[pdf_document.pk, "other.pdf"]))
    assert response.status_code == 404
    assert client.get(f"/documents/99999999999999999999/{pdf_document.filename}").status_code == 404


@pytest.fixture
def private_document(editor, approve_document):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Restricted briefings")
    staff = Group.objects.create(name="Policy staff")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(staff)
    document = document_upload(
        uploaded_file=upload("brief.pdf", make_pdf(pages=1)),
        title="Restricted brief",
        user=editor,
        collection=private,
    )
    return approve_document(document), staff


def test_private_document_refused_to_public_and_not_cached(client, private_document):
    document, _ = private_document
    response = client.get(document.url)
    assert response.status_code in (302, 403)
    assert response["Cache-Control"] == "private, no-store"
    if response.status_code == 302:
        assert "/login" in response["Location"]


def test_private_document_refused_to_user_outside_group(
    client, private_document, django_user_model
):
    document, _ = private_document
    sign_in_verified(
        client, django_user_model.objects.create_user(username="member", password="x-pw-1")
    )
    response = client.get(document.url)
    assert response.status_code in (302, 403)
    assert response["Cache-Control"] == "private, no-store"


def test_private_document_served_to_permitted_user_with_no_store(
    client, private_document, django_user_model
):
    document, staff = private_document
    user = django_user_model.objects.create_user(username="staffer", password="x-pw-1")
    user.groups.add(staff)
    sign_in_verified(client, user)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
