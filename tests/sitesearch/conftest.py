"""Builders for search tests: real pages, real files in real collections, real index entries."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages.models import StandardPage


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home(seeded_site):
    """The seeded home page, the root of the searched site."""
    return seeded_site


def pdf_bytes(text):
    """A real one-page PDF containing `text`."""
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.multi_cell(0, 10, text)
    return bytes(document.output())


@pytest.fixture
def make_page(home):
    """Create (and by default publish) a standard page under `parent` (default: home)."""

    def make(title, summary="", *, parent=None, publish=True, slug=None):
        page = StandardPage(title=title, summary=summary, slug=slug or None)
        (parent or home).add_child(instance=page)
        if publish:
            page.save_revision().publish()
        else:
            page.unpublish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_document(db, approve_document):
    """Create a real, approved PDF document in `collection` (the root collection if not given)."""

    def make(title, *, collection=None, text="Generated for a search test."):
        collection = collection or Collection.get_first_root_node()
        content = pdf_bytes(text)
        document = get_document_model()(
            title=title,
            file=ContentFile(content, name=f"{title[:20].replace(' ', '-').lower()}.pdf"),
            collection=collection,
        )
        document.file_size = len(content)
        document.save()
        return approve_document(document)

    return make


@pytest.fixture
def private_collection(db):
    """A collection only visitors with a password may see."""
    collection = Collection.get_first_root_node().add_child(name="Restricted briefings")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="not-public",
    )
    return collection


def restrict_page(page):
    """Put a password on `page`, making it and its descendants private."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="not-public"
    )


# The key-documents fixtures: an Editors-group user, a client logged in as them, and uploads
# stored in a temporary media folder.


SEARCH_URL = reverse("sitesearch:search")


def search(client, **params):
    """GET /search/ with these parameters; insist on a 200 and return the HTML."""
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    """The result titles on a search page, in order."""
    return re.findall(r'<h3 class="search-result__title">(?:<a href="[^"]*">)?([^<]*)', html)


from tests.keydocs.conftest import editor, editor_client, media_root  # noqa: E402, F401
