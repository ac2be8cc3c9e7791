"""The `make run` setup on its own: `manage.py serve_local` with the dev settings and no Redis.

Scheduled publishing runs inside it, and every local process shares its cache, so a page
scheduled (or made private) by another process is served fresh with nothing else started.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support import servers

from .stack import ROOT, drop_database, live_database_url, manage, request

TOPIC = "/people-smuggling/"
PUBLISH_INTERVAL = "1"


@dataclass
class LocalServer:
    port: int
    env: dict[str, str]
    log: Path


@pytest.fixture(scope="module")
def local_server(seeded_database: str) -> Iterator[LocalServer]:
    database_url = live_database_url("local", seeded_database)
    try:
        with tempfile.TemporaryDirectory(prefix="portal-make-run-") as temp:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
                "DATABASE_URL": database_url,
                "PORTAL_FILE_CACHE_DIR": str(Path(temp) / "cache"),
                "MEDIA_ROOT": str(Path(temp) / "media"),
                "DJANGO_DEBUG": "1",
                # The daily broken-link check would request the seeded pages' real addresses.
                "PORTAL_LINKCHECK_EVERY_HOURS": "0",
            }
            env.pop("REDIS_URL", None)
            env.pop("FRONTEND_CACHE_PURGE_URL", None)
            port = servers.free_port()
            log = Path(temp) / "serve_local.log"
            with log.open("ab") as log_file:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        str(ROOT / "manage.py"),
                        "serve_local",
                        f"{servers.LOOPBACK}:{port}",
                        "--noreload",
                        "--publish-interval",
                        PUBLISH_INTERVAL,
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            try:
                servers.wait_for_port(port, process=process, log=log, name="serve_local")
                yield LocalServer(port=port, env=env, log=log)
            finally:
                servers.stop_process(process)
    finally:
        drop_database(database_url)


def shell(server: LocalServer, code: str) -> str:
    return manage(server.env, "shell", "-c", code)


def wait_for(condition, timeout: float = 45.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_serve_local_prints_the_address_it_serves(local_server: LocalServer) -> None:
    assert f"Serving the portal at http://127.0.0.1:{local_server.port}/" in (
        local_server.log.read_text()
    )
    assert request(local_server.port, "/healthz").status == 200
    # The in-process scheduler records its heartbeat, so the embedded default reports ready.
    assert wait_for(lambda: request(local_server.port, "/readyz").status == 200), request(
        local_server.port, "/readyz"
    ).body


def test_a_page_scheduled_by_another_process_goes_live_on_time(local_server: LocalServer) -> None:
    for _ in range(2):  # the second answer comes from the shared cache
        assert request(local_server.port, TOPIC).status == 200
    new_title = "People smuggling (scheduled)"
    shell(
        local_server,
        "import datetime; from django.utils import timezone; from wagtail.models import Page; "
        "page = Page.objects.get(url_path='/home/people-smuggling/').specific; "
        f"page.title = {new_title!r}; "
        "page.go_live_at = timezone.now() + datetime.timedelta(seconds=4); "
        "page.save_revision().publish()",
    )
    # Scheduled, not yet live: the cached page is still the one visitors get.
    assert new_title not in request(local_server.port, TOPIC).body
    assert wait_for(lambda: new_title in request(local_server.port, TOPIC).body), (
        local_server.log.read_text()[-3000:]
    )


def test_a_page_made_private_by_another_process_is_private_at_once(
    local_server: LocalServer,
) -> None:
    path = "/bali-process/"
    for _ in range(2):
        assert request(local_server.port, path).status == 200
    shell(
        local_server,
        "from wagtail.models import Page, PageViewRestriction; "
        "page = Page.objects.get(url_path='/home/bali-process/'); "
        "PageViewRestriction.objects.create(page=page, restriction_type='login')",
    )
    answer = request(local_server.port, path)
    assert answer.status == 302
    assert "/login/" in answer.headers["location"]
