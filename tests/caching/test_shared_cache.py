"""Two app processes sharing one Redis agree on what is current straight after a publish."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from .conftest import cache_status

ROOT = Path(__file__).resolve().parents[2]


def _require_shared_redis():
    message = None
    if not os.environ.get("REDIS_URL") or "redis" not in settings.CACHES["default"]["BACKEND"]:
        message = "REDIS_URL is not set: the shared-cache test needs a Redis both processes use."
    else:
        from django_redis import get_redis_connection

        try:
            get_redis_connection("default").ping()
        except Exception as error:  # noqa: BLE001 - any failure means Redis is unusable here
            message = f"Redis at REDIS_URL is not reachable: {error}"
    if message:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _database_url():
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def second_process():
    """A real gunicorn serving the test database and the same Redis keys; yields its base URL."""
    _require_shared_redis()
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url(),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/healthz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()


def fetch(base_url, path):
    request = urllib.request.Request(base_url + path, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers["X-Portal-Cache"], response.read()


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_entries_and_agree_after_a_publish(
    site_pages, anonymous, second_process
):
    status, body = fetch(second_process, "/news/")
    assert status == "miss"
    assert cache_status(anonymous.get("/news/")) == "hit"  # stored by the other process

    news = site_pages["news"]
    news.title = "News from the other process"
    news.save_revision().publish()

    status, body = fetch(second_process, "/news/")
    assert status == "miss"
    assert b"News from the other process" in body
    here = anonymous.get("/news/")
    assert cache_status(here) == "hit"
    assert b"News from the other process" in here.content
    assert fetch(second_process, "/events/")[0] == "miss"
    assert fetch(second_process, "/events/")[0] == "hit"
