"""Anonymous reads of public pages are stored and served again without touching the database."""

import pytest

from tests.conftest import empty_all_caches

from .conftest import cache_status


@pytest.mark.django_db
def test_a_cache_hit_makes_no_database_queries(site_pages, anonymous, django_assert_num_queries):
    first = anonymous.get("/news/first/")
    assert first.status_code == 200
    assert cache_status(first) == "miss"

    with django_assert_num_queries(0):
        second = anonymous.get("/news/first/")

    assert cache_status(second) == "hit"
    assert second.content == first.content
    assert b"First news item" in second.content


@pytest.mark.django_db
def test_head_is_answered_from_the_stored_get(site_pages, anonymous, django_assert_num_queries):
    anonymous.get("/news/")
    with django_assert_num_queries(0):
        response = anonymous.head("/news/")
    assert response.status_code == 200
    assert cache_status(response) == "hit"
    assert response.content == b""


@pytest.mark.django_db
def test_cached_responses_carry_cdn_headers(site_pages, anonymous, settings):
    settings.PORTAL_CACHE_S_MAXAGE = 1234
    settings.PORTAL_CACHE_MAX_AGE = 60
    miss = anonymous.get("/events/")
    hit = anonymous.get("/events/")
    for response in (miss, hit):
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=60", "s-maxage=1234"}
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
    assert hit["ETag"] == miss["ETag"]


@pytest.mark.django_db
def test_matching_if_none_match_gets_304_without_queries(
    site_pages, anonymous, django_assert_num_queries
):
    etag = anonymous.get("/events/")["ETag"]
    with django_assert_num_queries(0):
        response = anonymous.get("/events/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert anonymous.get("/events/", HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.django_db
def test_if_modified_since_gets_304(site_pages, anonymous):
    last_modified = anonymous.get("/events/")["Last-Modified"]
    response = anonymous.get("/events/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


@pytest.mark.django_db
def test_first_request_is_conditional_too(site_pages, anonymous):
    etag = anonymous.get("/events/")["ETag"]
    anonymous.get("/events/")
    empty_all_caches()
    response = anonymous.get("/events/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert cache_status(response) == "miss"


@pytest.mark.django_db
def test_not_found_and_permanent_redirects_are_cached(
    site_pages, anonymous, django_assert_num_queries
):
    assert anonymous.get("/no-such-page/").status_code == 404
    assert anonymous.get("/news").status_code == 301
    with django_assert_num_queries(0):
        not_found = anonymous.get("/no-such-page/")
        redirect = anonymous.get("/news")
    assert (not_found.status_code, cache_status(not_found)) == (404, "hit")
    assert (redirect.status_code, cache_status(redirect)) == (301, "hit")
    assert redirect["Location"] == "/news/"


@pytest.mark.django_db
def test_allowed_query_parameters_are_cached_per_value(site_pages, anonymous):
    assert cache_status(anonymous.get("/news/?page=2")) == "miss"
    assert cache_status(anonymous.get("/news/?page=2")) == "hit"
    assert cache_status(anonymous.get("/news/?page=3")) == "miss"
    assert cache_status(anonymous.get("/news/?year=2023&page=2")) == "miss"
    assert cache_status(anonymous.get("/news/?page=2&year=2023")) == "hit"


@pytest.mark.django_db
def test_tracking_parameters_share_the_plain_page_entry(site_pages, anonymous):
    anonymous.get("/news/")
    response = anonymous.get("/news/?utm_source=newsletter&utm_campaign=minister")
    assert cache_status(response) == "hit"


@pytest.mark.django_db
def test_the_cache_can_be_switched_off(site_pages, anonymous, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    anonymous.get("/news/")
    response = anonymous.get("/news/")
    assert response.status_code == 200
    assert "X-Portal-Cache" not in response


@pytest.mark.django_db
def test_bench_floor_view_is_not_routed_by_default(site_pages, anonymous):
    assert anonymous.get("/bench/floor/").status_code == 404


@pytest.mark.django_db
def test_query_values_cannot_collide_with_other_parameters(site_pages, anonymous):
    anonymous.get("/news/?year=a&page=2")
    smuggled = anonymous.get("/news/?year=a%26page%3D2")
    assert cache_status(smuggled) == "miss"


@pytest.mark.django_db
def test_pages_are_still_served_when_redis_does_not_answer(
    site_pages, anonymous, unreachable_page_cache, caplog
):
    responses = [anonymous.get("/news/") for _ in range(2)]

    assert [response.status_code for response in responses] == [200, 200]
    assert [cache_status(response) for response in responses] == ["bypass", "bypass"]
    assert b"News" in responses[1].content
    assert "Redis did not answer a lookup" in caplog.text


@pytest.mark.django_db
def test_an_unreadable_stored_entry_is_rendered_again_not_an_error(site_pages, anonymous, caplog):
    from caching import store

    anonymous.get("/news/")
    key = store.response_key(scheme="http", host="localhost", path="/news/", query="")
    store.storage().set_many({key: b"not a pickle"}, timeout=60)

    response = anonymous.get("/news/")

    assert response.status_code == 200
    assert cache_status(response) == "miss"
    assert b"News" in response.content
    assert cache_status(anonymous.get("/news/")) == "hit"
    assert "unreadable entry" in caplog.text
