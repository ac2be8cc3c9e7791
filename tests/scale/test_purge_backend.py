"""The HTTP purge backend: exact PURGE requests with the page's Host, and a time limit."""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Any

import pytest

from portal.frontend_cache import TimedHTTPBackend
from tests.support import servers

from .stack import render_vcl, request


def test_the_repository_vcl_accepts_a_purge_from_loopback(
    varnish_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    unused = servers.free_port()
    varnish = varnish_server(render_vcl(unused, unused))
    backend = TimedHTTPBackend({"LOCATION": varnish.url, "TIMEOUT": 5})
    with caplog.at_level(logging.INFO, logger="wagtail.frontendcache"):
        backend.purge("http://localhost/people-smuggling/")
        backend.purge("http://localhost/*")
    assert "Couldn't purge" not in caplog.text
    # Anything but GET, HEAD and PURGE goes to the (absent) app, never into the cache.
    assert request(varnish.port, "/people-smuggling/", method="DELETE").status == 503


def test_a_cache_that_never_answers_costs_the_timeout_and_an_error_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((servers.LOOPBACK, servers.free_port()))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_hang() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept_and_hang, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    backend = TimedHTTPBackend({"LOCATION": f"http://{servers.LOOPBACK}:{port}", "TIMEOUT": 1})
    started = time.monotonic()
    try:
        with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
            backend.purge("http://localhost/people-smuggling/")
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()
    assert time.monotonic() - started < 5
    assert "Couldn't purge 'http://localhost/people-smuggling/'" in caplog.text
    assert "timed out" in caplog.text
