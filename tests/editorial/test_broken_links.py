"""The broken-link report: real HTTP servers on loopback; nothing reaches the internet."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from wagtail.models import Page

from editorial.linkcheck import LinkChecker
from editorial.models import LinkProblem
from editorial.services.links import links_check, page_links
from pages.models import ForumLink, ForumPage, StandardPage
from tests.staff import sign_in_verified
from tests.support.servers import LOOPBACK, free_port

REQUESTS: list[tuple[str, str, float]] = []


class Handler(BaseHTTPRequestHandler):
    """200, 404, 500, a redirect loop, a slow answer, a HEAD-refusing page and robots.txt."""

    def _answer(self, body: bool) -> None:
        REQUESTS.append((self.command, self.path, time.monotonic()))
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", body)
        elif self.path in ("/ok", "/private/page"):
            self._send(200, b"fine", body)
        elif self.path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, b"fine", body)
        elif self.path == "/missing":
            self._send(404, b"gone", body)
        elif self.path == "/error":
            self._send(500, b"broken", body)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, b"late", body)
        else:
            self._send(404, b"", body)

    def _send(self, status: int, content: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server():
    REQUESTS.clear()
    server = ThreadingHTTPServer((LOOPBACK, free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOOPBACK}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_checker_tells_each_fault_apart(web_server):
    checker = LinkChecker(timeout=0.5, host_interval=0.0)
    assert checker.check(f"{web_server}/ok").problem == ""
    assert checker.check(f"{web_server}/no-head").problem == ""
    assert "404" in checker.check(f"{web_server}/missing").problem
    assert "500" in checker.check(f"{web_server}/error").problem
    assert "redirect loop" in checker.check(f"{web_server}/loop").problem
    assert "No answer within 0.5 seconds" in checker.check(f"{web_server}/slow").problem
    assert "Could not connect" in checker.check(f"http://{LOOPBACK}:{free_port()}/").problem
    assert "Not a web address" in checker.check("ftp://example.org/").problem


def test_robots_txt_is_respected(web_server):
    checker = LinkChecker(timeout=1, host_interval=0.0)
    assert checker.check(f"{web_server}/private/page").problem == ""
    assert ("HEAD", "/private/page") not in [(m, p) for m, p, _ in REQUESTS]


def test_requests_to_one_host_are_spaced_out(web_server):
    checker = LinkChecker(timeout=1, host_interval=0.3)
    for _ in range(3):
        checker.check(f"{web_server}/ok")
    times = [t for method, path, t in REQUESTS if path == "/ok"]
    assert len(times) == 3
    assert all(later - earlier >= 0.28 for earlier, later in zip(times, times[1:], strict=False))


@pytest.mark.django_db
def test_the_check_reports_broken_links_by_page_with_dates(
    web_server, seeded_site, client, make_member
):
    from editorial import services

    forum = ForumPage.objects.live().first()
    forum.links = [
        ForumLink(title="Fine", url=f"{web_server}/ok"),
        ForumLink(title="Gone", url=f"{web_server}/missing"),
        ForumLink(title="Loop", url=f"{web_server}/loop"),
    ]
    forum.save_revision().publish()
    draft = StandardPage(title="Draft", slug="draft-page", live=False)
    seeded_site.add_child(instance=draft)
    deleted = StandardPage(title="Deleted", slug="deleted-page")
    seeded_site.add_child(instance=deleted)
    deleted_id = deleted.pk
    seeded_site.specific.introduction = (
        f'<p><a linktype="page" id="{draft.pk}">draft</a> '
        f'<a linktype="page" id="{deleted_id}">gone</a> <a href="{web_server}/error">err</a></p>'
    )
    seeded_site.specific.save_revision().publish()
    # The page is deleted after it was linked, as happens when another editor removes it.
    Page.objects.filter(pk=deleted_id).delete()
    external, internal = page_links(forum)
    assert f"{web_server}/missing" in external
    assert {draft.pk, deleted_id} <= page_links(seeded_site)[1]

    # Only the loopback server is requested; the seeded pages' real addresses are skipped.
    checker = LinkChecker(
        timeout=1, host_interval=0.0, only_hosts=frozenset({web_server.split("//")[1]})
    )
    summary = links_check(checker=checker)
    problems = {(p.page_id, p.url): p for p in LinkProblem.objects.all()}
    assert (forum.pk, f"{web_server}/missing") in problems
    assert "redirect loop" in problems[(forum.pk, f"{web_server}/loop")].problem
    assert (forum.pk, f"{web_server}/ok") not in problems
    assert "not published" in problems[(seeded_site.pk, f"page {draft.pk}")].problem
    assert "deleted" in problems[(seeded_site.pk, f"page {deleted_id}")].problem
    assert "500" in problems[(seeded_site.pk, f"{web_server}/error")].problem
    assert summary.broken == len(problems)
    assert all(host in web_server for host in checker._last_request)

    first = problems[(forum.pk, f"{web_server}/missing")]
    forum.links = [ForumLink(title="Gone", url=f"{web_server}/missing")]
    forum.save_revision().publish()
    links_check(checker=checker)
    again = LinkProblem.objects.get(page=forum, url=f"{web_server}/missing")
    assert again.first_seen == first.first_seen and again.last_checked > first.last_checked
    assert not LinkProblem.objects.filter(page=forum, url=f"{web_server}/loop").exists()

    sign_in_verified(client, make_member(services.EDITORS))
    report = client.get(reverse("broken_links:index"))
    assert report.status_code == 200
    assert f"{web_server}/missing" in report.content.decode()
