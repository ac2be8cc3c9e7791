"""What the uploader sees at once when the scan and extraction run in the upload request (the
immediate task backend, as `make run` uses): an infected file is reported as quarantined and
not published; a clean file's facts and its own title are shown (issues #13 and #17).

Transactional, so the upload's tasks run when the request commits, as they do outside tests.
"""

import io
import json

import docx
import pytest
from django.core import mail
from django.urls import reverse

from keydocs.models import DocumentFile, KeyDocument
from tests.keydocs.conftest import make_pdf, upload
from tests.staff import sign_in_verified
from tests.support.servers import EICAR_SIGNATURE, eicar_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def uploader(seeded_site, settings, clamd_server, tmp_path, client, django_user_model):
    """A signed-in administrator; scans go to the test clamd and infected files to a
    throwaway quarantine."""
    settings.CLAMD_HOST, settings.CLAMD_PORT = clamd_server.host, clamd_server.port
    settings.KEYDOCS_QUARANTINE_ROOT = tmp_path / "quarantine"
    user = django_user_model.objects.create_superuser(
        username="uploader", email="uploader@example.gov.au", password="pw-uploader-1"
    )
    sign_in_verified(client, user)
    return client


def titled_docx(title):
    document = docx.Document()
    document.core_properties.title = title
    document.add_paragraph("Partners of the Bali Process")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_infected_upload_on_the_add_form_is_reported_at_once(uploader):
    response = uploader.post(
        reverse("wagtaildocs:add"),
        {"title": "Meeting notes", "file": upload("notes.txt", eicar_bytes())},
        follow=True,
    )
    html = response.content.decode()
    assert "“notes.txt” was infected with a virus" in html
    assert EICAR_SIGNATURE in html
    assert "quarantined and was not published" in html
    shown = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert len(shown) == 1 and shown[0][0] == "error", shown
    version = DocumentFile.objects.get()
    assert version.scan_state == DocumentFile.ScanState.INFECTED
    assert version.status == DocumentFile.Status.QUARANTINED and not version.file


def test_an_infected_upload_on_the_multiple_uploader_is_reported_in_its_result(uploader):
    response = uploader.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload("minutes.txt", eicar_bytes())}
    )
    payload = json.loads(response.content)
    html = payload["form"]
    assert 'class="help-block help-critical" role="alert"' in html
    assert "“minutes.txt” was infected" in html and EICAR_SIGNATURE in html
    assert "It has been quarantined and was not published." in html
    assert 'data-file-state="infected">Infected' in html


def test_the_multiple_uploader_shows_the_facts_and_the_pdfs_title_right_after_upload(uploader):
    content = make_pdf(pages=3, text="Regional cooperation", title="Bali Process Declaration")
    response = uploader.post(
        reverse("wagtaildocs:add_multiple"), {"files[]": upload("declaration.pdf", content)}
    )
    payload = json.loads(response.content)
    assert payload["success"] is True
    html = payload["form"]
    document = KeyDocument.objects.get()
    assert document.title == "Bali Process Declaration"
    assert 'value="Bali Process Declaration"' in html, "the title field is prefilled"
    assert "<dt>Type</dt><dd>PDF</dd>" in html
    assert "<dt>Pages</dt><dd>3</dd>" in html
    assert "<dt>Tagged PDF</dt><dd>No – ask for an accessible version</dd>" in html
    assert document.sha256 in html
    assert 'data-file-state="clean">Clean' in html and 'data-extraction="done">Read' in html


def test_the_add_form_with_a_blank_title_takes_the_word_documents_title(uploader):
    response = uploader.post(
        reverse("wagtaildocs:add"),
        {"title": "", "file": upload("plan.docx", titled_docx("  Regional   plan of action "))},
    )
    assert response.status_code == 302
    document = KeyDocument.objects.get()
    assert document.title == "Regional plan of action"
    edit = uploader.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    assert "<dt>Type</dt><dd>Word document</dd>" in edit
    assert "<dt>Title in the file</dt><dd>Regional plan of action</dd>" in edit
    assert not mail.outbox, "a clean upload sends no e-mail"


def test_an_editors_own_title_is_kept(uploader):
    content = make_pdf(pages=1, title="Untitled draft from the printer")
    uploader.post(
        reverse("wagtaildocs:add"), {"title": "Annual report", "file": upload("ar.pdf", content)}
    )
    assert KeyDocument.objects.get().title == "Annual report"
