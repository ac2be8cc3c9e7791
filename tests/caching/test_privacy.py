"""Issue 12: a privacy change purges, at once, every cached copy that showed what became private.

Each test starts from a warm cache and makes the change the way any process would (the models,
as the admin, a management command or the shell do), not through an admin view.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from caching import selectors
from keydocs.services import document_upload
from tests.keydocs.conftest import make_pdf, upload

from .conftest import PurgeRecorder, cache_status, commit_pending_callbacks

BALI_PROCESS = "/bali-process/"
WORKING_GROUP = "/bali-process/working-group-trafficking-persons/"
PUBLICATIONS = ("/publications/", "/publications/?page=1", "/")
DOCUMENT_TITLE = "Regional cooperation plan"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def warm(client, *paths):
    for path in paths:
        assert client.get(path).status_code == 200, path
        assert cache_status(client.get(path)) == "hit", path


def restrict_page(page, restriction_type):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Insiders")[0])
    return restriction


def restrict_collection(collection):
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Insiders")[0])
    return restriction


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [PageViewRestriction.GROUPS, PageViewRestriction.LOGIN])
def test_restricting_a_page_purges_it_its_descendants_and_the_cdn(
    seeded_site,
    anonymous,
    settings,
    purge_server,
    kind,
):
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{purge_server.server_port}",
        }
    }
    warm(anonymous, BALI_PROCESS, WORKING_GROUP)
    PurgeRecorder.received.clear()

    restrict_page(Page.objects.get(url_path=f"/home{BALI_PROCESS}"), kind)

    for path in (BALI_PROCESS, WORKING_GROUP):
        response = anonymous.get(path)
        assert response.status_code in (302, 403), path  # the sign-in page, never the content
        assert cache_status(response) != "hit"
    purged = {path for _host, path in PurgeRecorder.received}
    assert {BALI_PROCESS, WORKING_GROUP} <= purged
    assert selectors.pending_purge_count() == 0


@pytest.mark.django_db
def test_removing_a_page_restriction_purges_what_hid_it(seeded_site, anonymous):
    restriction = restrict_page(
        Page.objects.get(url_path=f"/home{WORKING_GROUP}"), PageViewRestriction.LOGIN
    )
    commit_pending_callbacks()
    assert anonymous.get(WORKING_GROUP).status_code == 302
    warm(anonymous, BALI_PROCESS)

    restriction.delete()

    assert cache_status(anonymous.get(BALI_PROCESS)) == "miss"
    assert anonymous.get(WORKING_GROUP).status_code == 200


@pytest.mark.django_db
def test_making_a_collection_private_purges_the_listings_that_showed_its_documents(
    seeded_site, anonymous, approve_document
):
    collection = Collection.get_first_root_node().add_child(name="Briefings")
    document = document_upload(
        uploaded_file=upload("regional-plan.pdf", make_pdf(pages=2)),
        title=DOCUMENT_TITLE,
        collection=collection,
        publication_date=datetime.date(2026, 11, 1),
    )
    approve_document(document)
    warm(anonymous, *PUBLICATIONS)
    assert DOCUMENT_TITLE in anonymous.get("/publications/").content.decode()

    restriction = restrict_collection(collection)

    for path in PUBLICATIONS:
        response = anonymous.get(path)
        assert cache_status(response) == "miss", path
        assert DOCUMENT_TITLE not in response.content.decode(), path

    warm(anonymous, *PUBLICATIONS)
    restriction.delete()
    assert DOCUMENT_TITLE in anonymous.get("/publications/").content.decode()


@pytest.mark.django_db
def test_moving_a_document_into_a_private_collection_purges_the_listings(
    seeded_site, anonymous, approve_document
):
    private = Collection.get_first_root_node().add_child(name="Cabinet")
    restrict_collection(private)
    document = document_upload(
        uploaded_file=upload("regional-plan.pdf", make_pdf(pages=2)),
        title=DOCUMENT_TITLE,
        publication_date=datetime.date(2026, 11, 1),
    )
    document = approve_document(document)
    warm(anonymous, *PUBLICATIONS)
    assert DOCUMENT_TITLE in anonymous.get("/publications/").content.decode()

    document.collection = private
    document.save()

    for path in PUBLICATIONS:
        assert DOCUMENT_TITLE not in anonymous.get(path).content.decode(), path

    document.collection = Collection.get_first_root_node()
    document.save()
    assert DOCUMENT_TITLE in anonymous.get("/publications/").content.decode()


@pytest.mark.django_db
def test_a_failed_cdn_purge_stays_pending_is_counted_and_is_retried(
    seeded_site,
    anonymous,
    settings,
    purge_server,
):
    from django.core.management import call_command

    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:1",  # nothing listens: every purge fails
        }
    }
    commit_pending_callbacks()
    restrict_page(Page.objects.get(url_path=f"/home{WORKING_GROUP}"), PageViewRestriction.LOGIN)
    commit_pending_callbacks()
    assert selectors.pending_purge_count() >= 1
    assert anonymous.get(WORKING_GROUP).status_code == 302  # the page cache was purged anyway

    settings.WAGTAILFRONTENDCACHE["http"]["LOCATION"] = (
        f"http://127.0.0.1:{purge_server.server_port}"
    )
    PurgeRecorder.received.clear()
    call_command("apply_pending_purges")

    assert selectors.pending_purge_count() == 0
    assert WORKING_GROUP in {path for _host, path in PurgeRecorder.received}
