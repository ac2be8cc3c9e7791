"""`make run`: the development server plus the editorial jobs, in one process that stops as one."""

import logging
import os
import socket
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

logger = logging.getLogger(__name__)

DEFAULT_ADDRESS = "127.0.0.1:8000"
# Scheduled publishing is checked this often (seconds); review reminders go out once a day.
PUBLISH_INTERVAL = 60
REMINDER_INTERVAL = 24 * 60 * 60


class EditorialJobs(threading.Thread):
    """Runs `publish_scheduled` and `apply_pending_purges` every interval and
    `send_review_reminders` daily until stopped.

    A daemon thread: it ends with the server's process, so nothing outlives `make run`.
    """

    def __init__(self, *, publish_interval: float, reminder_interval: float) -> None:
        super().__init__(name="editorial-jobs", daemon=True)
        self.publish_interval = publish_interval
        self.reminder_interval = reminder_interval
        self.stopping = threading.Event()

    def run(self) -> None:
        """Loop until `stop()`; a failing job is logged and tried again next time."""
        elapsed_since_reminders = self.reminder_interval
        while not self.stopping.is_set():
            self._run_job("publish_scheduled")
            self._run_job("apply_pending_purges")
            if elapsed_since_reminders >= self.reminder_interval:
                self._run_job("send_review_reminders")
                elapsed_since_reminders = 0
            self.stopping.wait(self.publish_interval)
            elapsed_since_reminders += self.publish_interval

    def stop(self) -> None:
        """Ask the loop to end after the current job."""
        self.stopping.set()

    @staticmethod
    def _run_job(name: str) -> None:
        close_old_connections()
        try:
            call_command(name, verbosity=0)
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
        "Serve the site for local use (runserver) and run scheduled publishing and review "
        "reminders in a background thread that stops with the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRESS)
        parser.add_argument(
            "--publish-interval",
            type=float,
            default=float(os.environ.get("PORTAL_PUBLISH_INTERVAL", PUBLISH_INTERVAL)),
            help="Seconds between scheduled-publishing runs (default 60).",
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
                publish_interval=options["publish_interval"], reminder_interval=REMINDER_INTERVAL
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
