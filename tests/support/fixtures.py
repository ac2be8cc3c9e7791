"""Fixtures around tests/support/servers.py; tests/conftest.py makes them available everywhere."""

import contextlib
from collections.abc import Callable, Iterator

import pytest

from . import servers


@pytest.fixture(scope="session")
def clamd_server() -> Iterator[servers.ClamdServer]:
    """clamd on loopback with a local database that detects EICAR; one per test run."""
    with servers.clamd_server() as server:
        yield server


@pytest.fixture(scope="session")
def s3_server() -> Iterator[servers.S3Server]:
    """moto's S3 server on loopback; one per test run (use a bucket per test)."""
    with servers.s3_server() as server:
        yield server


@pytest.fixture
def varnish_server() -> Iterator[Callable[..., servers.VarnishServer]]:
    """Start varnishd: `varnish_server(vcl_text, backend_port)`; stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(
            vcl_text: str | None = None, backend_port: int | None = None
        ) -> servers.VarnishServer:
            return stack.enter_context(servers.varnish_server(vcl_text, backend_port))

        yield start


@pytest.fixture
def tcp_proxy() -> Iterator[Callable[..., servers.TcpProxy]]:
    """Start a cuttable proxy: `tcp_proxy(upstream_port, upstream_host)`; stopped after the test."""
    with contextlib.ExitStack() as stack:

        def start(upstream_port: int, upstream_host: str = servers.LOOPBACK) -> servers.TcpProxy:
            return stack.enter_context(servers.tcp_proxy(upstream_port, upstream_host))

        yield start
