"""The broken-link report: real HTTP servers on loopback; nothing reaches the internet."""

import datetime
import io
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from editorial.linkcheck import LinkChecker
from editorial.management.commands.serve_local import EditorialJobs
from editorial.models import LinkCheckRun, LinkProblem
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


def forum_with_links(base_url, paths):
    """The seeded forum page, republished with a website link to each of `paths` on `base_url`."""
    forum = ForumPage.objects.live().first()
    forum.links = [ForumLink(title=path, url=f"{base_url}{path}") for path in paths]
    forum.save_revision().publish()
    return forum


@pytest.mark.django_db
def test_the_command_checks_every_fault_and_writes_dated_rows(web_server, seeded_site, settings):
    settings.PORTAL_LINKCHECK_HOST_INTERVAL = 0.0
    forum = forum_with_links(
        web_server, ["/ok", "/missing", "/error", "/loop", "/slow", "/private/page"]
    )
    host = web_server.split("//")[1]
    before = timezone.now()
    out = io.StringIO()
    # Only the loopback server is requested: the seeded pages' real addresses are never fetched.
    call_command("check_links", "--host", host, "--timeout", "0.5", stdout=out)

    assert "Link check finished" in out.getvalue()
    rows = {row.url.removeprefix(web_server): row for row in LinkProblem.objects.filter(page=forum)}
    assert set(rows) == {"/missing", "/error", "/loop", "/slow"}
    assert "404" in rows["/missing"].problem and "500" in rows["/error"].problem
    assert "redirect loop" in rows["/loop"].problem
    assert "No answer within 0.5 seconds" in rows["/slow"].problem
    assert all(row.first_seen >= before and row.last_checked >= before for row in rows.values())
    assert ("HEAD", "/private/page") not in [(m, p) for m, p, _ in REQUESTS]
    assert {(p) for m, p, _ in REQUESTS} <= {
        "/robots.txt",
        "/ok",
        "/missing",
        "/error",
        "/loop",
        "/slow",
    }
    run = LinkCheckRun.objects.get()
    assert run.finished_at is not None and run.broken >= 4 and run.addresses >= 6

    first_seen = rows["/missing"].first_seen
    call_command("check_links", "--host", host, "--timeout", "0.5", stdout=io.StringIO())
    again = LinkProblem.objects.get(page=forum, url=f"{web_server}/missing")
    assert again.first_seen == first_seen and again.last_checked > rows["/missing"].last_checked
    assert LinkCheckRun.objects.count() == 2


@pytest.mark.django_db
def test_the_command_runs_only_when_due_with_every(web_server, seeded_site, settings):
    settings.PORTAL_LINKCHECK_ONLY_HOSTS = [web_server.split("//")[1]]
    LinkCheckRun.objects.create(requested_at=timezone.now() - datetime.timedelta(hours=23))
    out = io.StringIO()
    call_command("check_links", "--every", "24", stdout=out)
    assert "not due" in out.getvalue()
    assert LinkCheckRun.objects.count() == 1

    call_command("check_links", "--every", "22", stdout=out)
    assert "Link check finished" in out.getvalue()
    assert LinkCheckRun.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--host", "evil.example/../../etc/passwd"], "--host takes a host name"),
        (["--host", "a.example:80; rm -rf /"], "--host takes a host name"),
        (["--host", "x" * 5000], "--host takes a host name"),
        (["--timeout", "nan"], "--timeout must be more than 0"),
        (["--timeout", "-1"], "--timeout must be more than 0"),
        (["--timeout", "1e308"], "--timeout must be more than 0"),
        (["--every", "ten"], "--every must be a number"),
        (["--every", "inf"], "--every must be more than 0"),
    ],
)
def test_a_hostile_argument_is_a_clear_error_and_nothing_runs(arguments, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("check_links", *arguments, stdout=io.StringIO())
    assert not LinkCheckRun.objects.exists()


def test_a_hostile_argument_exits_1_with_the_message_on_stderr():
    finished = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check_links", "--host", "x/../../etc/passwd"],
        cwd=Path(__file__).parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 1
    assert "CommandError: --host takes a host name" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.mark.django_db(transaction=True)
def test_serve_local_runs_the_link_check_in_process_when_due_and_not_otherwise(
    web_server, seeded_site, settings
):
    settings.PORTAL_LINKCHECK_ONLY_HOSTS = [web_server.split("//")[1]]
    settings.PORTAL_LINKCHECK_HOST_INTERVAL = 0.0
    forum = forum_with_links(web_server, ["/missing"])
    yesterday = LinkCheckRun.objects.create(
        requested_at=timezone.now() - datetime.timedelta(hours=25)
    )

    jobs = EditorialJobs(publish_interval=60, reminder_interval=86400, link_check_hours=24)
    jobs.run_due_jobs()
    assert jobs.link_check is not None
    jobs.link_check.join(timeout=30)
    latest = LinkCheckRun.objects.latest()
    assert latest != yesterday and latest.finished_at is not None
    assert LinkProblem.objects.filter(page=forum, url=f"{web_server}/missing").exists()

    # Not due again: neither the next round nor a restarted server starts another check.
    first_thread = jobs.link_check
    jobs.run_due_jobs()
    assert jobs.link_check is first_thread
    restarted = EditorialJobs(publish_interval=60, reminder_interval=86400, link_check_hours=24)
    restarted.run_due_jobs()
    assert restarted.link_check is None
    # 0 hours turns the check off, however long ago the last one ran.
    LinkCheckRun.objects.update(requested_at=timezone.now() - datetime.timedelta(days=30))
    switched_off = EditorialJobs(publish_interval=60, reminder_interval=86400, link_check_hours=0)
    switched_off.run_due_jobs()
    assert switched_off.link_check is None
    assert LinkCheckRun.objects.count() == 2


def test_compose_runs_the_check_daily_through_the_worker():
    compose = yaml.safe_load((Path(__file__).parents[2] / "docker-compose.yml").read_text())
    scheduler = " ".join(compose["services"]["scheduler"]["command"])
    assert "python manage.py check_links --every 24" in scheduler
    assert "db_worker" in " ".join(compose["services"]["worker"]["command"])
    assert compose["x-app-environment"]["TASKS_BACKEND"] == "database"
