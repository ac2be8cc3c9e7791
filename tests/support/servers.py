"""Real servers for tests, started on 127.0.0.1 only: clamd, Varnish, an S3 server, a TCP proxy.

Each starter waits a bounded time for its server, raises `ServerStartError` with the server's own
log when it does not come up, and stops the server (and removes its files) on exit. A missing
binary skips the test locally and fails it in CI (CI=true), where .ci/run installs it.

Ports: `free_port()` asks the kernel for a free loopback port, or picks one from
PORTAL_TEST_PORTS (e.g. "18500-18599") when a machine shares its ports between several runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0

CLAMD_BINARY = "/usr/sbin/clamd"
VARNISHD_BINARY = "/usr/sbin/varnishd"
# The signature name the local database gives the EICAR test file.
EICAR_SIGNATURE = "Portal.Test.EICAR"


class ServerStartError(RuntimeError):
    """A test server did not start in time; the message carries its log."""


def require_binary(path: str, package: str) -> str:
    """The binary's path; skips the test locally and fails it in CI when it is missing."""
    found = path if os.access(path, os.X_OK) else shutil.which(Path(path).name)
    if found:
        return found
    message = f"{path} not found: install Debian's '{package}' package."
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    span = os.environ.get("PORTAL_TEST_PORTS", "").strip()
    if span:
        low, high = (int(part) for part in span.split("-"))
        candidates = list(range(low, high + 1))
        random.shuffle(candidates)
    else:
        candidates = [0]
    for candidate in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((LOOPBACK, candidate))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise ServerStartError(f"No free port in PORTAL_TEST_PORTS={span}.")


def port_open(port: int, host: str = LOOPBACK) -> bool:
    """Whether something accepts TCP connections on host:port now."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _log_tail(path: Path, limit: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-limit:]
    except OSError:
        return "(no log)"


def wait_for_port(
    port: int,
    *,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    timeout: float = START_TIMEOUT,
    name: str = "server",
) -> None:
    """Wait until 127.0.0.1:port accepts connections; fail early if `process` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerStartError(
                f"{name} exited with status {process.returncode} before listening on port "
                f"{port}:\n{_log_tail(log) if log else ''}"
            )
        if port_open(port):
            return
        time.sleep(0.1)
    raise ServerStartError(
        f"{name} did not listen on port {port} within {timeout:.0f} s:\n"
        f"{_log_tail(log) if log else ''}"
    )


def stop_process(process: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """Terminate a process this module started, then kill it if it does not stop in time."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def _start(
    command: list[str], *, log: Path, port: int, name: str, timeout: float = START_TIMEOUT
) -> subprocess.Popen[bytes]:
    with log.open("ab") as log_file:
        process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
            command, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        wait_for_port(port, process=process, log=log, timeout=timeout, name=name)
    except BaseException:
        stop_process(process)
        raise
    return process


# --- ClamAV ------------------------------------------------------------------------------------


def eicar_bytes() -> bytes:
    """The 68-byte EICAR anti-virus test file, built from parts so no repository file is one."""
    parts = [
        "X5O!P%@AP[4\\PZX54(P^)7CC)7}$",
        "EICAR-STANDARD-",
        "ANTIVIRUS-TEST-FILE!",
        "$H+H*",
    ]
    return "".join(parts).encode("ascii")


def write_eicar_signatures(directory: Path) -> None:
    """A local signature database that detects EICAR: its MD5 (.hdb) and its body anywhere (.ndb).

    The body signature also matches EICAR inside archives (ZIP, DOCX), which clamd unpacks.
    """
    body = eicar_bytes()
    digest = hashlib.md5(body).hexdigest()  # noqa: S324 - ClamAV's hash signature format
    (directory / "portal-test.hdb").write_text(f"{digest}:{len(body)}:{EICAR_SIGNATURE}.Hash\n")
    (directory / "portal-test.ndb").write_text(f"{EICAR_SIGNATURE}:0:*:{body.hex()}\n")


@dataclass(frozen=True)
class ClamdServer:
    """A running clamd: where it listens."""

    host: str
    port: int


@contextlib.contextmanager
def clamd_server(timeout: float = START_TIMEOUT) -> Iterator[ClamdServer]:
    """Debian's clamd in the foreground on a loopback TCP port, with the EICAR-only database."""
    binary = require_binary(CLAMD_BINARY, "clamav-daemon")
    with tempfile.TemporaryDirectory(prefix="portal-clamd-") as temp:
        root = Path(temp)
        database = root / "db"
        scratch = root / "tmp"
        database.mkdir()
        scratch.mkdir()
        write_eicar_signatures(database)
        port = free_port()
        log = root / "clamd.log"
        config = root / "clamd.conf"
        config.write_text(
            "\n".join(
                [
                    "Foreground yes",
                    f"TCPSocket {port}",
                    f"TCPAddr {LOOPBACK}",
                    f"DatabaseDirectory {database}",
                    f"TemporaryDirectory {scratch}",
                    f"PidFile {root / 'clamd.pid'}",
                    "LogTime yes",
                    "ScanArchive yes",
                    "ScanOLE2 yes",
                    "ScanPDF yes",
                    "StreamMaxLength 100M",
                    "MaxThreads 2",
                    "ReadTimeout 30",
                    "CommandReadTimeout 30",
                    "",
                ]
            )
        )
        process = _start(
            [binary, "--foreground", f"--config-file={config}"],
            log=log,
            port=port,
            name="clamd",
            timeout=timeout,
        )
        try:
            yield ClamdServer(host=LOOPBACK, port=port)
        finally:
            stop_process(process)


# --- Varnish -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VarnishServer:
    """A running varnishd: its base URL and working directory (for varnishadm/varnishlog)."""

    url: str
    port: int
    workdir: Path


def default_vcl(backend_port: int) -> str:
    """The smallest VCL: one loopback backend, Varnish's built-in caching rules."""
    return (
        "vcl 4.1;\n\n"
        f'backend default {{ .host = "{LOOPBACK}"; .port = "{backend_port}"; '
        ".connect_timeout = 2s; .first_byte_timeout = 30s; }\n"
    )


@contextlib.contextmanager
def varnish_server(
    vcl_text: str | None = None,
    backend_port: int | None = None,
    timeout: float = START_TIMEOUT,
) -> Iterator[VarnishServer]:
    """`varnishd -F` on a loopback port with the given VCL (or one that proxies `backend_port`)."""
    binary = require_binary(VARNISHD_BINARY, "varnish")
    if vcl_text is None:
        if backend_port is None:
            raise ValueError("Give the VCL text or the backend port.")
        vcl_text = default_vcl(backend_port)
    with tempfile.TemporaryDirectory(prefix="portal-varnish-") as temp:
        root = Path(temp)
        workdir = root / "work"
        vcl = root / "default.vcl"
        vcl.write_text(vcl_text)
        port = free_port()
        log = root / "varnishd.log"
        process = _start(
            [
                binary,
                "-F",
                # No privilege separation: the test's own user reads its temporary files.
                "-j",
                "none",
                "-n",
                str(workdir),
                "-a",
                f"{LOOPBACK}:{port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-s",
                "malloc,64m",
                "-p",
                "thread_pools=1",
                "-p",
                "thread_pool_min=5",
            ],
            log=log,
            port=port,
            name="varnishd",
            timeout=timeout,
        )
        try:
            yield VarnishServer(url=f"http://{LOOPBACK}:{port}", port=port, workdir=workdir)
        finally:
            stop_process(process)


# --- S3 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class S3Server:
    """A running S3-compatible server: endpoint and the credentials it accepts."""

    endpoint_url: str
    access_key: str = "portal-test"
    secret_key: str = "portal-test-secret"  # noqa: S105 - a local test server's dummy key
    region: str = "ap-southeast-2"


@contextlib.contextmanager
def s3_server(timeout: float = START_TIMEOUT) -> Iterator[S3Server]:
    """moto's S3-compatible server (moto[server]) on a loopback port."""
    binary = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which(
        "moto_server"
    )
    if binary is None:
        message = "moto_server not found: install requirements-dev.txt (moto[server])."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with tempfile.TemporaryDirectory(prefix="portal-s3-") as temp:
        port = free_port()
        process = _start(
            [binary, "-H", LOOPBACK, "-p", str(port)],
            log=Path(temp) / "moto.log",
            port=port,
            name="moto_server",
            timeout=timeout,
        )
        try:
            yield S3Server(endpoint_url=f"http://{LOOPBACK}:{port}")
        finally:
            stop_process(process)


# --- TCP proxy ---------------------------------------------------------------------------------


class TcpProxy:
    """An in-process TCP proxy on loopback in front of one upstream (PostgreSQL, Redis, …).

    - `cut()`: close every open connection and refuse new ones (the upstream looks down);
    - `pause()`: accept connections but forward nothing either way (the upstream hangs);
    - `restore()`: forward again; paused connections resume where they stopped.
    """

    def __init__(self, upstream_port: int, upstream_host: str = LOOPBACK) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self._state = "open"
        self._lock = threading.Lock()
        self._resumed = threading.Condition(self._lock)
        self._connections: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def state(self) -> str:
        """ "open", "cut" or "paused"."""
        return self._state

    def start(self) -> TcpProxy:
        """Listen on a free loopback port and start accepting."""
        self._listen()
        return self

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((LOOPBACK, self.port or free_port()))
        listener.listen(64)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        thread = threading.Thread(target=self._accept_loop, args=(listener,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopping.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                if self._state == "cut":
                    client.close()
                    upstream.close()
                    continue
                self._connections.update((client, upstream))
            thread = threading.Thread(target=self._pipe, args=(client, upstream), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ)
            selector.register(upstream, selectors.EVENT_READ)
            try:
                while not self._stopping.is_set():
                    with self._lock:
                        while self._state == "paused" and not self._stopping.is_set():
                            self._resumed.wait(0.2)
                        if self._state == "cut" or client not in self._connections:
                            return
                    for key, _ in selector.select(timeout=0.2):
                        source = key.fileobj
                        assert isinstance(source, socket.socket)
                        with self._lock:
                            if self._state != "open":
                                break
                        data = source.recv(65536)
                        if not data:
                            return
                        peers[source].sendall(data)
            except OSError:
                return
            finally:
                self._close_pair(client, upstream)

    def _close_pair(self, *sockets: socket.socket) -> None:
        with self._lock:
            for sock in sockets:
                self._connections.discard(sock)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def cut(self) -> None:
        """Close every connection and refuse new ones: clients see resets and refusals."""
        with self._lock:
            self._state = "cut"
            connections = list(self._connections)
            self._connections.clear()
            listener, self._listener = self._listener, None
            self._resumed.notify_all()
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if listener is not None:
            listener.close()

    def pause(self) -> None:
        """Keep accepting connections but forward no bytes: clients wait until their timeout."""
        with self._lock:
            self._state = "paused"

    def restore(self) -> None:
        """Forward again (listening again on the same port after a cut)."""
        with self._lock:
            was_cut = self._state == "cut"
            self._state = "open"
            self._resumed.notify_all()
        if was_cut:
            self._listen()

    def stop(self) -> None:
        """Close everything and stop the threads."""
        self._stopping.set()
        self.cut()
        for thread in self._threads:
            thread.join(timeout=2)


@contextlib.contextmanager
def tcp_proxy(upstream_port: int, upstream_host: str = LOOPBACK) -> Iterator[TcpProxy]:
    """A started `TcpProxy` in front of upstream_host:upstream_port, stopped on exit."""
    proxy = TcpProxy(upstream_port, upstream_host).start()
    try:
        yield proxy
    finally:
        proxy.stop()
