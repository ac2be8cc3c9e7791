"""The public key documents list: only public documents, filters, paging and hostile input."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from keydocs.models import KeyDocument
from pages.models import KeyDocumentsPage
from records.models import DocumentCategory, Organisation
from tests.keydocs.conftest import make_pdf
from tests.support.outbox import apply_recorded_purges

pytestmark = pytest.mark.django_db

PDF_BYTES = make_pdf(pages=1)


def add_document(title, *, category=None, document_type="other", year=2020, collection=None):
    document = KeyDocument(
        title=title,
        category=category,
        document_type=document_type,
        publication_date=datetime.date(year, 6, 1),
        collection=collection or Collection.get_first_root_node(),
    )
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(PDF_BYTES), save=False)
    document.file_size, document.mime_type, document.page_count = (
        len(PDF_BYTES),
        "application/pdf",
        1,
    )
    document.save()
    return document


@pytest.fixture
def library(seeded_site, approve_document):
    page = KeyDocumentsPage.objects.child_of(seeded_site).get()
    trafficking = DocumentCategory.objects.get(slug="human-trafficking")
    smuggling = DocumentCategory.objects.get(slug="people-smuggling")
    Organisation.objects.create(name="Department of Home Affairs")
    approve_document(
        add_document("Strategy", category=trafficking, document_type="strategy", year=2021)
    )
    approve_document(
        add_document("Action Plan", category=trafficking, document_type="action_plan", year=2020)
    )
    approve_document(
        add_document("Protocol", category=smuggling, document_type="treaty", year=2000)
    )
    private = Collection.get_first_root_node().add_child(name="Private")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Insiders"))
    approve_document(
        add_document("Secret Brief", category=smuggling, year=2021, collection=private)
    )
    return page


def test_lists_public_documents_only_with_accessible_labels(client, library):
    response = client.get(library.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'Strategy <span class="document-meta">(PDF,' in html
    assert "Protocol" in html and "Action Plan" in html
    assert "Secret Brief" not in html
    assert html.count("<h1") == 1
    assert "3 documents." in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?category=people-smuggling", ["Protocol"], ["Strategy", "Action Plan"]),
        ("?type=strategy", ["Strategy"], ["Protocol", "Action Plan"]),
        ("?year=2020", ["Action Plan"], ["Strategy", "Protocol"]),
        ("?category=human-trafficking&year=2021", ["Strategy"], ["Action Plan", "Protocol"]),
    ],
)
def test_filters(client, library, query, shown, hidden):
    response = client.get(library.url + query)
    assert response.status_code == 200
    html = response.content.decode()
    for title in shown:
        assert f">{title} <span" in html
    for title in hidden:
        assert f">{title} <span" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?category=%3Cscript%3E", "There is no such category"),
        ("?category=%00", "Null characters are not allowed."),
        ("?type=DROP+TABLE", "There is no such document type"),
        ("?year=99999999999999999999999", "Choose a year from the list."),
        ("?year=-1", "Choose a year from the list."),
        ("?page=abc", "The page number must be a whole number"),
        ("?page=0", "The page number must be a whole number"),
        ("?page=99999999999999999999999", "The page number must be a whole number"),
        ("?page=7", "There is no page 7; the list has 1 page."),
        ("?category=private&type=&year=&page=%F0%9F%92%A3", "There is no such category"),
    ],
)
def test_hostile_parameters_get_400_with_message(client, library, query, message):
    response = client.get(library.url + query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_paging(client, library, approve_document, django_assert_max_num_queries):
    publisher = Organisation.objects.get(name="Department of Home Affairs")
    for number in range(25):
        document = approve_document(
            add_document(f"Report {number:02d}", document_type="report", year=2019)
        )
        KeyDocument.objects.filter(pk=document.pk).update(publisher=publisher)
    apply_recorded_purges()  # the changes above commit before the reader's request
    # A fixed 17: the listing's own reads plus the site settings and their accessible-format page.
    with django_assert_max_num_queries(17):
        first = client.get(library.url + "?type=report")
    assert first.status_code == 200
    html = first.content.decode()
    assert "25 documents, page 1 of 2." in html
    assert 'href="?type=report&amp;page=2" rel="next"' in html
    second = client.get(library.url + "?type=report&page=2")
    assert second.status_code == 200
    assert second.content.decode().count('class="document-link"') == 5


def test_key_documents_page_only_under_home_page():
    assert KeyDocumentsPage.parent_page_types == ["pages.HomePage"]
