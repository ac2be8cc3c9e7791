"""Never stored or shared: personal, private, preview, cookie-setting and odd responses."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from caching.middleware import PAGE_MARKER, PageCacheMiddleware
from caching.wsgi import PageCacheApplication
from tests.staff import sign_in_verified

from .conftest import cache_status


def assert_never_stored(client, path, **headers):
    first = client.get(path, **headers)
    second = client.get(path, **headers)
    assert cache_status(first) == "bypass", path
    assert cache_status(second) == "bypass", path
    return second


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.gov.au", "x-pass-1")


@pytest.mark.django_db
def test_signed_in_users_bypass_the_cache_and_are_never_served_it(site_pages, anonymous, editor):
    anonymous.get("/news/")  # stored for anonymous visitors
    sign_in_verified(anonymous, editor)
    response = assert_never_stored(anonymous, "/news/")
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_session_cookie_bypasses_even_when_it_is_not_valid(site_pages, anonymous):
    anonymous.get("/news/")
    anonymous.cookies["sessionid"] = "not-a-real-session"
    response = anonymous.get("/news/")
    assert cache_status(response) == "bypass"


@pytest.mark.django_db
def test_authorization_header_bypasses(site_pages, anonymous):
    assert_never_stored(anonymous, "/news/", HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")


@pytest.mark.django_db
def test_previews_are_not_cached(site_pages, anonymous, editor):
    sign_in_verified(anonymous, editor)
    news = site_pages["news"]
    response = assert_never_stored(anonymous, f"/admin/pages/{news.id}/edit/preview/")
    assert response.status_code == 200
    anonymous.logout()
    assert cache_status(anonymous.get(f"/admin/pages/{news.id}/edit/preview/")) == "bypass"


@pytest.mark.django_db
def test_private_pages_are_not_cached(site_pages, anonymous, editor):
    events = site_pages["events"]
    PageViewRestriction.objects.create(page=events, restriction_type=PageViewRestriction.LOGIN)
    denied = assert_never_stored(anonymous, "/events/annual-forum/")
    assert denied.status_code == 302

    sign_in_verified(anonymous, editor)
    allowed = assert_never_stored(anonymous, "/events/annual-forum/")
    assert allowed.status_code == 200


@pytest.mark.django_db
def test_password_protected_pages_are_not_cached(site_pages, anonymous):
    PageViewRestriction.objects.create(
        page=site_pages["news"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret-words",
    )
    response = assert_never_stored(anonymous, "/news/first/")
    assert b"First news item" not in response.content


@pytest.mark.django_db
def test_group_restricted_page_served_without_cookies_is_not_stored(site_pages):
    """Defence in depth: even if a restricted page reached the cache's check, it is refused."""
    restriction = PageViewRestriction.objects.create(
        page=site_pages["news"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Staff"))
    news = site_pages["news"]

    def serve_news(request):
        request._portal_cache_page = news
        return HttpResponse("news")

    request = RequestFactory().get("/news/", HTTP_HOST="localhost")
    assert cache_status(PageCacheMiddleware(serve_news)(request)) == "bypass"


def mark_as_public_page(request):
    """What Wagtail's page serving records (caching.wagtail_hooks): a public page was served."""
    setattr(request, PAGE_MARKER, Page.objects.get(depth=1))


def _serve_through_cache(view, path="/anything/"):
    """Two requests through the WSGI layer's hit path, then the middleware around `view`."""
    layer, middleware = PageCacheApplication(view), PageCacheMiddleware(view)
    responses = []
    for _attempt in range(2):
        request = RequestFactory().get(path, HTTP_HOST="localhost")
        responses.append(layer.answer(request.META) or middleware(request))
    return responses


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda: _page_response(cookie=True), id="sets-a-cookie"),
        pytest.param(lambda: _page_response(vary="Cookie"), id="varies-on-cookie"),
        pytest.param(lambda: _page_response(vary="Accept-Encoding, Cookie"), id="varies-on-more"),
        pytest.param(lambda: _page_response(vary="Accept-Language"), id="varies-on-language"),
        pytest.param(lambda: _page_response(cache_control="private"), id="private"),
        pytest.param(lambda: _page_response(cache_control="no-store"), id="no-store"),
        pytest.param(lambda: _page_response(status=302), id="302"),
        pytest.param(lambda: _page_response(status=500), id="500"),
        pytest.param(lambda: _page_response(status=403), id="403"),
        pytest.param(lambda: _page_response(marked=False), id="not-a-page"),
    ],
)
def test_responses_that_must_not_be_shared_are_not_stored(make_response):
    calls = []

    def view(request):
        calls.append(request)
        response, marked = make_response()
        if marked:
            mark_as_public_page(request)
        return response

    responses = _serve_through_cache(view)
    assert len(calls) == 2
    assert [cache_status(response) for response in responses] == ["bypass", "bypass"]


def _page_response(*, status=200, cookie=False, vary=None, cache_control=None, marked=True):
    response = HttpResponse("content", status=status)
    if cookie:
        response.set_cookie("greeting", "hello")
    if vary:
        response["Vary"] = vary
    if cache_control:
        response["Cache-Control"] = cache_control
    return response, marked


@pytest.mark.django_db
def test_a_public_view_response_without_those_traits_is_stored():
    calls = []

    def view(request):
        calls.append(request)
        mark_as_public_page(request)
        return HttpResponse("content")

    responses = _serve_through_cache(view)
    assert [cache_status(response) for response in responses] == ["miss", "hit"]
    assert len(calls) == 1


@pytest.mark.django_db
def test_unlisted_query_parameters_bypass(site_pages, anonymous):
    assert_never_stored(anonymous, "/news/?sort=newest")
    assert_never_stored(anonymous, "/news/?page=2&debug=1")


@pytest.mark.django_db
def test_posts_are_not_cached(site_pages, anonymous):
    response = anonymous.post("/news/", {"x": "1"})
    assert cache_status(response) == "bypass"
    assert cache_status(anonymous.get("/news/")) == "miss"


@pytest.mark.django_db
def test_a_head_miss_is_not_stored_as_an_empty_page(site_pages, anonymous):
    anonymous.head("/news/")
    response = anonymous.get("/news/")
    assert cache_status(response) == "miss"
    assert b"News" in response.content


@pytest.mark.django_db
def test_varying_on_accept_encoding_only_is_still_shared():
    def view(request):
        mark_as_public_page(request)
        response = HttpResponse("content")
        response["Vary"] = "Accept-Encoding"
        return response

    assert [cache_status(r) for r in _serve_through_cache(view)] == ["miss", "hit"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/" + "a/" * 600,
        "/news/%ff%fe/",
        "/news/\u00e9t\u00e9/",
        "/news/?page=%ff",
        "/news/?page=1&page=2&page=3",
        "/news/?q=" + "x" * 5000,
    ],
)
def test_hostile_addresses_get_a_clear_answer_never_a_server_error(site_pages, anonymous, path):
    for _attempt in range(2):
        response = anonymous.get(path)
        assert response.status_code in (200, 301, 404)
        assert cache_status(response) in ("hit", "miss", "bypass")
