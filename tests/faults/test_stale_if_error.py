"""Issue 18: readers stay served through a database outage from what the cache holds."""

import pytest
from wagtail.models import Page

from tests.caching.test_wsgi_layer import wsgi_get
from tests.conftest import unreachable_database

PAGE = "/people-smuggling/"


def publish_title(url_path: str, title: str) -> None:
    page = Page.objects.get(url_path=url_path).specific
    page.title = title
    page.save_revision().publish()


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_a_stored_page_is_served_stale_with_a_warning(seeded_site):
    wsgi_get(PAGE)
    assert wsgi_get(PAGE)[1]["X-Portal-Cache"] == "hit"
    publish_title(f"/home{PAGE}", "People smuggling: new guidance")  # the copy is now old

    with unreachable_database():
        status, headers, body = wsgi_get(PAGE)
        other_status, other_headers, _ = wsgi_get("/never-cached-path/")

    assert status == "200 OK"
    assert headers["X-Portal-Cache"] == "stale"
    assert headers["Warning"] == '111 - "Revalidation failed"'
    assert b"People smuggling" in body
    assert b"new guidance" not in body
    # Nothing stored: Django's own error answer, never a stale copy of something else.
    assert int(other_status.split()[0]) >= 500
    assert other_headers.get("X-Portal-Cache") != "stale"

    status, headers, body = wsgi_get(PAGE)  # the database is back: the current page again
    assert headers["X-Portal-Cache"] == "miss"
    assert b"new guidance" in body


@pytest.mark.django_db(transaction=True)
def test_an_unpublished_page_is_never_served_stale(seeded_site):
    wsgi_get(PAGE)
    Page.objects.get(url_path=f"/home{PAGE}").specific.unpublish()

    with unreachable_database():
        status, headers, _body = wsgi_get(PAGE)

    assert int(status.split()[0]) >= 500
    assert headers.get("X-Portal-Cache") != "stale"
