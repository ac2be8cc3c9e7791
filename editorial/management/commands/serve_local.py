"""`make run`: the development server plus the editorial jobs, in one process that stops as one."""

import datetime
import logging
import os
import socket
import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections, connections

from editorial import selectors

logger = logging.getLogger(__name__)

DEFAULT_ADDRESS = "127.0.0.1:8000"
# Scheduled publishing is checked this often (seconds); review reminders go out once a day.
PUBLISH_INTERVAL = 60
REMINDER_INTERVAL = 24 * 60 * 60
# The broken-link check runs this often (hours; 0 turns it off), counted from the last check
# queued in the database, so restarting the server does not start another.
LINK_CHECK_HOURS = 24.0


class EditorialJobs(threading.Thread):
    """Runs `publish_scheduled`, `apply_pending_purges` and `record_heartbeat` every interval,
    `send_review_reminders` daily and, when one is due, the broken-link check, until stopped.

    A daemon thread: it ends with the server's process, so nothing outlives `make run`. The link
    check runs in a thread of its own, so a slow check never holds up scheduled publishing.
    """

    def __init__(
        self,
        *,
        publish_interval: float,
        reminder_interval: float,
        link_check_hours: float = LINK_CHECK_HOURS,
    ) -> None:
        super().__init__(name="editorial-jobs", daemon=True)
        self.publish_interval = publish_interval
        self.reminder_interval = reminder_interval
        self.link_check_hours = link_check_hours
        self.link_check: threading.Thread | None = None
        self.stopping = threading.Event()
        self._reminders_sent: float | None = None

    def run(self) -> None:
        """Loop until `stop()`; a failing job is logged and tried again next time."""
        while not self.stopping.is_set():
            self.run_due_jobs()
            self.stopping.wait(self.publish_interval)

    def run_due_jobs(self) -> None:
        """One round: publishing, purges and the scheduler's heartbeat (read by /readyz)
        always, reminders and the link check when due."""
        self._run_job("publish_scheduled")
        self._run_job("apply_pending_purges")
        self._run_job("record_heartbeat")
        now = time.monotonic()
        if self._reminders_sent is None or now - self._reminders_sent >= self.reminder_interval:
            self._run_job("send_review_reminders")
            self._reminders_sent = now
        self._start_link_check_if_due()

    def stop(self) -> None:
        """Ask the loop to end after the current job."""
        self.stopping.set()

    def _start_link_check_if_due(self) -> None:
        if self.link_check_hours <= 0 or (self.link_check and self.link_check.is_alive()):
            return
        close_old_connections()
        try:
            due = selectors.link_check_due(every=datetime.timedelta(hours=self.link_check_hours))
        except DatabaseError:
            logger.exception("Could not read when the link check last ran; trying again later.")
            return
        if due:
            self.link_check = threading.Thread(
                target=self._check_links, name="link-check", daemon=True
            )
            self.link_check.start()

    def _check_links(self) -> None:
        try:
            self._run_job("check_links", every=f"{self.link_check_hours:g}")
        finally:
            connections.close_all()

    @staticmethod
    def _run_job(name: str, **options: str) -> None:
        close_old_connections()
        try:
            call_command(name, verbosity=0, **options)
        except Exception:
            logger.exception("The %s job failed; it runs again at the next interval.", name)
        finally:
            close_old_connections()


def split_address(address: str) -> tuple[str, int]:
    """("127.0.0.1", 8000) from "127.0.0.1:8000" or "8000"; a clear error for anything else."""
    host, _, port_text = address.rpartition(":")
    try:
        port = int(port_text)
    except ValueError:
        raise CommandError(f"Not an address and port: {address!r} (e.g. 127.0.0.1:8000).") from None
    if not 0 < port < 65536:
        raise CommandError(f"Port out of range: {port}.")
    return host or "127.0.0.1", port


class Command(BaseCommand):
    help = (
        "Serve the site for local use (runserver) and run scheduled publishing, review "
        "reminders and the daily broken-link check in a background thread that stops with "
        "the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRESS)
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=float(os.environ.get("PORTAL_PUBLISH_INTERVAL", PUBLISH_INTERVAL)),
            help="Seconds between scheduled-publishing runs (default 60).",
        )
        parser.add_argument(
            "--link-check-hours",
            type=float,
            default=float(os.environ.get("PORTAL_LINKCHECK_EVERY_HOURS", LINK_CHECK_HOURS)),
            help="Hours between broken-link checks (default 24; 0 turns the check off).",
        )
        parser.add_argument("--noreload", action="store_true", help="Do not reload on changes.")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = split_address(options["addrport"])
        reloading = not options["noreload"]
        # With the autoreloader, this runs twice: in the watcher and in the serving child
        # (RUN_MAIN=true). Only the serving process checks the port, announces and runs jobs.
        serving = not reloading or os.environ.get("RUN_MAIN") == "true"
        if not reloading or os.environ.get("RUN_MAIN") != "true":
            self._check_port_free(host, port)
            self.stdout.write(
                self.style.SUCCESS(f"Serving the portal at http://{host}:{port}/ ")
                + f"(admin: http://{host}:{port}/admin/); scheduled publishing every "
                f"{options['publish_interval']:g} s. Stop with Ctrl+C."
            )
        if serving:
            EditorialJobs(
                publish_interval=options["publish_interval"],
                reminder_interval=REMINDER_INTERVAL,
                link_check_hours=options["link_check_hours"],
            ).start()
        call_command("runserver", f"{host}:{port}", use_reloader=reloading)

    @staticmethod
    def _check_port_free(host: str, port: int) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as error:
                raise CommandError(
                    f"Cannot serve on {host}:{port}: {error.strerror}. "
                    "Choose another port, e.g. `make run PORT=8001`."
                ) from None
