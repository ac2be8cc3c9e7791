"""A listed document's public history: first approval, then replacements with a change note."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keydocs.models import DocumentFile
from keydocs.services import document_file_approve, document_replace, document_upload
from tests.keydocs.conftest import make_pdf, upload
from tests.keydocs.test_governance import (  # noqa: F401 - shared fixtures
    gov_editor,
    gov_moderator,
    governed,
    scanner,
)
from tests.staff import sign_in_verified
from tests.support.outbox import apply_recorded_purges

pytestmark = pytest.mark.django_db


@pytest.fixture
def approve(django_capture_on_commit_callbacks, gov_moderator):  # noqa: F811
    def run(document):
        draft = document.files.get(status=DocumentFile.Status.DRAFT)
        with django_capture_on_commit_callbacks(execute=True):
            document_file_approve(version=draft, user=gov_moderator)
        return draft

    return run


def publish_document(title, capture, approve, user):
    with capture(execute=True):
        document = document_upload(
            uploaded_file=upload("publication.pdf", make_pdf(text=title)), title=title, user=user
        )
    approve(document)
    return document


def replace(document, capture, approve, note, text):
    with capture(execute=True):
        document_replace(
            document=document,
            uploaded_file=upload("new.pdf", make_pdf(text=text)),
            change_note=note,
        )
    return approve(document)


def history_of(markup, title):
    start = markup.index(f">{title} <")
    block = markup[start : markup.index("</details>", start)]
    return re.findall(r"<li><time datetime=\"[\d-]+\">[^<]+</time> ([^<]*)</li>", block)


def test_listing_shows_first_approval_and_noted_replacements_only(
    client,
    scanner,  # noqa: F811
    gov_editor,  # noqa: F811
    approve,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    document = publish_document("Action plan", capture, approve, gov_editor)
    noted = replace(document, capture, approve, "  Updated the\nfigures <b>for</b> 2025. ", "2")
    replace(document, capture, approve, "", "3")  # a minor change
    markup = client.get("/publications/").content.decode()
    assert history_of(markup, "Action plan") == [
        "Updated the figures &lt;b&gt;for&lt;/b&gt; 2025.",
        "First published.",
    ]
    noted.refresh_from_db()
    updated = timezone.localtime(noted.approved_at)
    assert f'Last updated <time datetime="{updated:%Y-%m-%d}">' in markup
    assert 'See all updates<span class="visually-hidden"> to Action plan</span>' in markup


def test_document_history_costs_one_query_however_many_documents(
    client,
    scanner,  # noqa: F811
    gov_editor,  # noqa: F811
    approve,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    capture = django_capture_on_commit_callbacks
    first = publish_document("Plan 1", capture, approve, gov_editor)
    replace(first, capture, approve, "Second edition.", "2")
    apply_recorded_purges()
    client.get("/publications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/publications/")
    for number in range(2, 6):
        document = publish_document(f"Plan {number}", capture, approve, gov_editor)
        replace(document, capture, approve, "Second edition.", "2")
    apply_recorded_purges()
    client.get("/publications/")
    with CaptureQueriesContext(connection) as many:
        markup = client.get("/publications/").content.decode()
    assert markup.count('class="document-history"') == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def post_replacement(client, document, *, file_name, change_note, capture):
    """Post the document's edit form with a new file and a change note, as its editor would."""
    with capture(execute=True):
        return client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": document.title,
                "collection": document.collection_id,
                "document_type": "report",
                "language": "en-AU",
                "file": upload(file_name, make_pdf(text="Second")),
                "change_note": change_note,
            },
        )


def test_the_replace_form_takes_a_public_change_note(
    client,
    scanner,  # noqa: F811
    gov_editor,  # noqa: F811
    approve,
    django_capture_on_commit_callbacks,
):
    document = publish_document("Strategy", django_capture_on_commit_callbacks, approve, gov_editor)
    sign_in_verified(client, gov_editor)
    url = reverse("wagtaildocs:edit", args=[document.pk])
    assert "Leave blank for a minor change" in client.get(url).content.decode()
    response = post_replacement(
        client,
        document,
        file_name="strategy-2.pdf",
        change_note="Added the 2025 annex.",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    draft = document.files.get(status=DocumentFile.Status.DRAFT)
    assert draft.change_note == "Added the 2025 annex."


def test_a_change_note_over_300_characters_is_refused_and_the_file_is_kept_out(
    client,
    scanner,  # noqa: F811
    gov_editor,  # noqa: F811
    approve,
    django_capture_on_commit_callbacks,
):
    document = publish_document("Plan", django_capture_on_commit_callbacks, approve, gov_editor)
    files_before = document.files.count()
    sign_in_verified(client, gov_editor)
    response = post_replacement(
        client,
        document,
        file_name="plan-2.pdf",
        change_note="x" * 301,
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 300 characters (it has 301)." in response.content.decode()
    assert document.files.count() == files_before
