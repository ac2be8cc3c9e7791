"""Database outages answered honestly and quickly.

- `DatabaseUnavailableMiddleware` turns a database that is down, refusing connections or timing
  out into a plain 503 maintenance page with `Retry-After` (the admin gets its own wording), and
  installs the statement watchdog on every database connection.
- `StatementWatchdog` bounds each statement on the client side too: PostgreSQL's
  statement_timeout cannot end a statement whose connection has stopped carrying bytes (a
  network partition, a hung proxy), so a statement still waiting after the statement timeout
  plus a margin has its socket shut down, and the request fails fast instead of hanging.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(error: BaseException | None) -> bool:
    """True when `error` means the database is down, unreachable or timed out (not a bug)."""
    return isinstance(error, DATABASE_UNAVAILABLE_ERRORS)


def maintenance_response(request: HttpRequest | None) -> HttpResponse:
    """The 503 page for a request that needed the database while it was unavailable.

    Rendered without a request context, so it needs neither the database nor the cache. The
    wording depends on what is true: a read lost nothing; a submission may not have been saved.
    """
    path = request.path if request is not None else ""
    html = loader.get_template("503.html").render(
        {
            "in_admin": path.startswith("/admin/"),
            "submitted": request is not None and request.method not in {"GET", "HEAD", "OPTIONS"},
        }
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.PORTAL_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class StatementWatchdog:
    """Shuts down the socket of any statement running longer than `statement_limit_seconds()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, tuple[float, int]] = {}
        self._thread: threading.Thread | None = None

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        """An execute wrapper (`connection.execute_wrappers`) that registers the statement."""
        raw = context["connection"].connection
        fileno = raw.fileno() if hasattr(raw, "fileno") else -1
        if fileno < 0:
            return execute(sql, params, many, context)
        token = id(raw) ^ threading.get_ident()
        with self._lock:
            self._running[token] = (time.monotonic() + statement_limit_seconds(), fileno)
            self._ensure_thread()
        try:
            return execute(sql, params, many, context)
        finally:
            with self._lock:
                self._running.pop(token, None)

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._watch, name="statement-watchdog", daemon=True
            )
            self._thread.start()

    def _watch(self) -> None:
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                for token, (deadline, fileno) in list(self._running.items()):
                    if now >= deadline:
                        del self._running[token]
                        self._interrupt(fileno)

    @staticmethod
    def _interrupt(fileno: int) -> None:
        logger.error(
            "database: a statement outlived the client-side limit; its connection is closed"
        )
        try:
            sock = socket.socket(fileno=os.dup(fileno))
        except OSError:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            sock.close()


def statement_limit_seconds() -> float:
    """The client-side limit: the statement timeout plus a margin for the server to answer first."""
    return settings.DB_STATEMENT_TIMEOUT / 1000 + settings.PORTAL_DB_WATCHDOG_MARGIN


_watchdog = StatementWatchdog()


def _install_watchdog(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "postgresql" and _watchdog not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watchdog)


class DatabaseUnavailableMiddleware:
    """Answers 503 with `Retry-After` when a view fails because the database is unavailable.

    Errors raised outside views (in other middleware) reach `portal.views.server_error`, which
    gives the same answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        connection_created.connect(_install_watchdog, dispatch_uid="portal-statement-watchdog")
        for connection in connections.all(initialized_only=True):
            _install_watchdog(None, connection)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The maintenance page for a database outage; anything else is Django's to handle."""
        if not database_unavailable(exception):
            return None
        logger.warning(
            "database unavailable: %s %s answered 503 (%s)", request.method, request.path, exception
        )
        return maintenance_response(request)


def current_error_is_database_unavailable() -> bool:
    """True inside an exception handler whose exception is a database outage."""
    return database_unavailable(sys.exc_info()[1])
