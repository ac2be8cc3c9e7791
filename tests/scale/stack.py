"""A live multi-node stack for scale-out tests: one PostgreSQL database and one Redis prefix
shared by two gunicorn nodes, with the repository's Varnish VCL in front of both.

The database is created for the test module (not pytest's transactional database), migrated and
seeded by `manage.py`, exactly as a deployment would, and dropped afterwards.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psycopg2
import pytest
from django_otp.oath import totp

from tests.support import servers

ROOT = Path(__file__).resolve().parents[2]
VCL_PATH = ROOT / "deploy" / "varnish" / "default.vcl"
SITE_HOST = "localhost"
ADMIN_USERNAME = "scale-admin"
ADMIN_PASSWORD = "scale-admin-password-0123"
# The superuser's authenticator app (second factors are enforced): a fixed TOTP key.
ADMIN_TOTP_KEY = "3132333435363738393031323334353637383930"
VERIFY_PATH = "/admin/identity/mfa/verify/"
HTTP_TIMEOUT = 30


@dataclass
class Response:
    """What a request got back: status, headers (lower-cased names) and body text."""

    status: int
    headers: dict[str, str]
    body: str
    cookies: dict[str, str] = field(default_factory=dict)


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    host: str = SITE_HOST,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """One HTTP request to 127.0.0.1:port with the site's Host header; redirects not followed."""
    connection = http.client.HTTPConnection(servers.LOOPBACK, port, timeout=HTTP_TIMEOUT)
    headers = {"Host": host, **(extra_headers or {})}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        text = raw.read().decode("utf-8", errors="replace")
        set_cookies: dict[str, str] = {}
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                set_cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        headers_out = {name.lower(): value for name, value in raw.getheaders()}
        return Response(raw.status, headers_out, text, set_cookies)
    finally:
        connection.close()


def render_vcl(backend_a: int, backend_b: int) -> str:
    """The repository's VCL with only its two backends pointed at loopback ports."""
    text = VCL_PATH.read_text()
    for name, port in (("web", backend_a), ("web-b", backend_b)):
        text, count = re.subn(
            rf'\.host = "{name}";\n(\s*)\.port = "8000";',
            rf'.host = "{servers.LOOPBACK}";\n\g<1>.port = "{port}";',
            text,
        )
        assert count == 1, f"backend {name} not found in {VCL_PATH}"
    return text


@dataclass
class Stack:
    """The running stack: node ports, the Varnish server and the environment the nodes share."""

    node_a: int
    node_b: int
    varnish: servers.VarnishServer
    env: dict[str, str]
    sessions: dict[int, dict[str, str]] = field(default_factory=dict)

    def manage(self, *args: str, timeout: float = 300) -> str:
        """Run `manage.py` against the stack's database and cache; return its output."""
        return manage(self.env, *args, timeout=timeout)

    def shell(self, code: str) -> str:
        """Run Python in `manage.py shell` against the stack (another process, like a job)."""
        return self.manage("shell", "-c", code)

    def sign_in(self, port: int) -> dict[str, str]:
        """Sign the superuser in to the admin on one node, once; return the session's cookies.

        Sessions live in the shared database, so one sign-in serves every node. Signing in again
        within the same 30 s would reuse a one-time code, which the second factor refuses.
        """
        if port not in self.sessions:
            self.sessions[port] = self._sign_in(port)
        return dict(self.sessions[port])

    def _sign_in(self, port: int) -> dict[str, str]:
        login = request(port, "/admin/login/")
        assert login.status == 200, login.body[:500]
        cookies = dict(login.cookies)
        answer = request(
            port,
            "/admin/login/",
            method="POST",
            cookies=cookies,
            form={
                "csrfmiddlewaretoken": csrf_token(login.body),
                "username": ADMIN_USERNAME,
                "password": ADMIN_PASSWORD,
                "next": "/admin/",
            },
        )
        assert answer.status == 302, f"sign-in failed: {answer.status} {answer.body[:500]}"
        cookies.update(answer.cookies)
        # Second factor: the code the superuser's authenticator app shows now.
        verify = request(port, VERIFY_PATH, cookies=cookies)
        assert verify.status == 200, verify.status
        cookies.update(verify.cookies)
        verified = request(
            port,
            VERIFY_PATH,
            method="POST",
            cookies=cookies,
            form={
                "csrfmiddlewaretoken": csrf_token(verify.body),
                "token": current_totp_code(),
                "next": "/admin/",
            },
        )
        assert verified.status == 302, f"second factor refused: {verified.body[:500]}"
        cookies.update(verified.cookies)
        assert "sessionid" in cookies
        return cookies


def current_totp_code() -> str:
    """The six digits the superuser's authenticator app shows now."""
    code = totp(bytes.fromhex(ADMIN_TOTP_KEY), step=30, t0=0, digits=6)
    return f"{code:06d}"


def wait_until_varnish_sees_both_nodes(port: int, timeout: float = 40) -> None:
    """Wait until Varnish's health probes pass and /healthz through it answers every time."""
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline:
        streak = streak + 1 if request(port, "/healthz").status == 200 else 0
        if streak >= 4:
            return
        time.sleep(0.5)
    raise servers.ServerStartError("Varnish did not reach both app nodes in time.")


def csrf_token(html: str) -> str:
    """The CSRF token of the first form in a page."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """`python manage.py ARGS` with env; fails the test with its output when it fails."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def live_database_url(suffix: str, template: str | None = None) -> str:
    """A fresh PostgreSQL database named after the run's DATABASE_URL plus suffix.

    With `template` (a database URL), the new database is a copy of it.
    """
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        message = "The scale-out tests need DATABASE_URL pointing at PostgreSQL."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/')}_{suffix}"
    _admin_sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if template:
        source = urlparse(template).path.lstrip("/")
        _admin_sql(base, f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    else:
        _admin_sql(base, f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl()


def drop_database(url: str) -> None:
    """Drop a database live_database_url created."""
    name = urlparse(url).path.lstrip("/")
    _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(url: str, sql: str) -> None:
    parsed = urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
        connect_timeout=10,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def node_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What every node of the stack shares: settings, database, Redis and cache prefix."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10"),
        "PORTAL_TEST_CACHE_RUN": f"scale-{os.getpid()}",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("FRONTEND_CACHE_PURGE_URL", None)
    env.update(extra)
    return env


@contextlib.contextmanager
def gunicorn(env: dict[str, str], name: str, port: int) -> Iterator[int]:
    """One gunicorn node (2 sync workers) on a loopback port, stopped on exit."""
    with tempfile.TemporaryDirectory(prefix=f"portal-{name}-") as temp:
        log = Path(os.environ.get("PORTAL_SCALE_LOG_DIR") or temp) / f"gunicorn-{name}.log"
        with log.open("ab") as log_file:
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "portal.wsgi",
                    "--bind",
                    f"{servers.LOOPBACK}:{port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                    "--chdir",
                    str(ROOT),
                ],
                env=env,
                cwd=ROOT,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        try:
            servers.wait_for_port(port, process=process, log=log, name=f"gunicorn {name}")
            yield port
        finally:
            servers.stop_process(process)


@contextlib.contextmanager
def seeded_database() -> Iterator[str]:
    """A database migrated and seeded by manage.py, as a deployment would; dropped on exit."""
    database_url = live_database_url("seeded")
    try:
        env = node_environment(database_url)
        manage(env, "migrate", "--no-input", "-v", "0", timeout=900)
        manage(env, "seed_section")
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({ADMIN_USERNAME!r}, "
            f"'scale@example.gov.au', {ADMIN_PASSWORD!r})",
        )
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            "from django_otp.plugins.otp_totp.models import TOTPDevice; "
            f"user = get_user_model().objects.get(username={ADMIN_USERNAME!r}); "
            "TOTPDevice.objects.create(user=user, name='Scale tests', confirmed=True, "
            f"key={ADMIN_TOTP_KEY!r})",
        )
        yield database_url
    finally:
        drop_database(database_url)


@contextlib.contextmanager
def live_stack(suffix: str, template: str) -> Iterator[Stack]:
    """Copy the seeded database; start Varnish and two nodes on it; tear all down after."""
    database_url = live_database_url(suffix, template)
    try:
        port_a = servers.free_port()
        port_b = servers.free_port()
        while port_b == port_a:
            port_b = servers.free_port()
        with contextlib.ExitStack() as stack:
            varnish = stack.enter_context(servers.varnish_server(render_vcl(port_a, port_b)))
            env = node_environment(database_url, FRONTEND_CACHE_PURGE_URL=varnish.url)
            stack.enter_context(gunicorn(env, "node-a", port_a))
            stack.enter_context(gunicorn(env, "node-b", port_b))
            wait_until_varnish_sees_both_nodes(varnish.port)
            yield Stack(node_a=port_a, node_b=port_b, varnish=varnish, env=env)
    finally:
        drop_database(database_url)
