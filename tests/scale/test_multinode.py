"""Two app nodes behind the repository's Varnish VCL, one PostgreSQL database, one Redis.

A change made through node A (the admin, over HTTP) must be served fresh by node B and by
Varnish on the very next request, and nothing answered to a signed-in visitor may ever be
stored in Varnish.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .stack import Stack, csrf_token, live_stack, request

TOPIC = "/people-smuggling/"


@pytest.fixture(scope="module")
def stack(seeded_database: str) -> Iterator[Stack]:
    with live_stack("nodes", seeded_database) as running:
        yield running


def page_id(stack: Stack, url_path_suffix: str) -> int:
    output = stack.shell(
        "from wagtail.models import Page; "
        f"print(Page.objects.get(url_path__endswith={url_path_suffix!r}, depth=3).pk)"
    )
    return int(output.strip().splitlines()[-1])


def warm(stack: Stack, path: str) -> None:
    """Fill node B's page cache and Varnish with the page, and check Varnish now hits."""
    for port in (stack.node_b, stack.node_b):
        assert request(port, path).status == 200
    first = request(stack.varnish.port, path)
    second = request(stack.varnish.port, path)
    assert first.status == second.status == 200
    assert second.headers["x-cache"] == "HIT", second.headers
    assert len(second.headers["x-varnish"].split()) == 2  # this request and the stored one's


def test_anonymous_pages_are_stored_and_served_by_varnish(stack: Stack) -> None:
    warm(stack, TOPIC)
    hit = request(stack.varnish.port, TOPIC)
    assert hit.headers["x-cache"] == "HIT"
    assert "public" in hit.headers["cache-control"]
    # A cookie that carries nothing personal does not split or bypass the cache.
    with_analytics = request(stack.varnish.port, TOPIC, cookies={"_ga": "GA1.1.1"})
    assert with_analytics.headers["x-cache"] == "HIT"


def test_a_publish_through_node_a_is_fresh_on_node_b_and_varnish(stack: Stack) -> None:
    pk = page_id(stack, TOPIC)
    warm(stack, TOPIC)
    new_title = "People smuggling (revised by node A)"
    # A draft changes nothing the public sees...
    stack.shell(
        "from wagtail.models import Page; "
        f"page = Page.objects.get(pk={pk}).specific; page.title = {new_title!r}; "
        "page.save_revision()"
    )
    assert new_title not in request(stack.varnish.port, TOPIC).body
    # ...until an editor publishes it through node A's admin.
    cookies = stack.sign_in(stack.node_a)
    confirm = request(
        stack.node_a, f"/admin/bulk/wagtailcore/page/publish/?id={pk}", cookies=cookies
    )
    assert confirm.status == 200, confirm.body[:300]
    published = request(
        stack.node_a,
        f"/admin/bulk/wagtailcore/page/publish/?id={pk}",
        method="POST",
        cookies=cookies,
        form={"csrfmiddlewaretoken": csrf_token(confirm.body), "include_descendants": ""},
    )
    assert published.status == 302, published.body[:300]

    on_b = request(stack.node_b, TOPIC)
    assert new_title in on_b.body
    through_varnish = request(stack.varnish.port, TOPIC)
    assert through_varnish.headers["x-cache"] == "MISS"
    assert new_title in through_varnish.body
    assert request(stack.varnish.port, TOPIC).headers["x-cache"] == "HIT"


def test_a_privacy_change_through_node_a_is_fresh_on_node_b_and_varnish(stack: Stack) -> None:
    path = "/bali-process/"
    pk = page_id(stack, path)
    warm(stack, path)
    cookies = stack.sign_in(stack.node_a)
    form_page = request(stack.node_a, f"/admin/pages/{pk}/privacy/", cookies=cookies)
    assert form_page.status == 200, form_page.body[:300]
    token = cookies.get("csrftoken") or csrf_token(form_page.body)
    changed = request(
        stack.node_a,
        f"/admin/pages/{pk}/privacy/",
        method="POST",
        cookies=cookies,
        form={"csrfmiddlewaretoken": token, "restriction_type": "login"},
        extra_headers={"X-CSRFToken": token},
    )
    assert changed.status == 200, changed.body[:300]
    assert '"step": "set_privacy_done"' in changed.body or "set_privacy_done" in changed.body

    on_b = request(stack.node_b, path)
    assert on_b.status == 302 and "/login/" in on_b.headers["location"], on_b.status
    through_varnish = request(stack.varnish.port, path)
    assert through_varnish.status == 302, through_varnish.status
    assert "/login/" in through_varnish.headers["location"]
    again = request(stack.varnish.port, path)
    assert again.status == 302


def test_no_response_with_a_session_is_stored_in_varnish(stack: Stack) -> None:
    path = "/human-trafficking-and-modern-slavery/"
    cookies = stack.sign_in(stack.node_a)
    # Signed in: the page carries the admin user bar; twice, and neither is stored.
    for _ in range(2):
        signed_in = request(stack.varnish.port, path, cookies=cookies)
        assert signed_in.status == 200
        assert signed_in.headers["x-cache"] == "PASS"
        assert signed_in.headers.get("age", "0") == "0"
        assert len(signed_in.headers["x-varnish"].split()) == 1
        assert "wagtail-userbar" in signed_in.body
    # The next anonymous request is a miss: nothing the signed-in visitor got was stored.
    anonymous = request(stack.varnish.port, path)
    assert anonymous.headers["x-cache"] == "MISS"
    assert "wagtail-userbar" not in anonymous.body
    # A response that sets a cookie (the sign-in form's CSRF cookie) is never stored either.
    for _ in range(2):
        login = request(stack.varnish.port, "/admin/login/")
        assert login.headers["x-cache"] == "PASS"
    # And PURGE is refused from outside the ACL only; from loopback it is accepted.
    purge = request(stack.varnish.port, path, method="PURGE")
    assert purge.status == 200
    assert request(stack.varnish.port, path).headers["x-cache"] == "MISS"
