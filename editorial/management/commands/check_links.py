"""`manage.py check_links`: queue the broken-link check; `--every 24` makes it a daily job."""

import datetime
import math
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from editorial import selectors
from editorial.services.links import link_check_run_start
from editorial.tasks import check_links

HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?\.)*[A-Za-z0-9-]{1,63}(?::\d{1,5})?$"
)
MAX_TIMEOUT = 120.0
MAX_EVERY_HOURS = 24.0 * 366


def bounded_number(text: str, *, name: str, upper: float) -> float:
    """A positive, finite number no larger than `upper`, or a clear error naming the option."""
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"{name} must be a number, not {text!r}.") from None
    if not math.isfinite(value) or not 0 < value <= upper:
        raise CommandError(f"{name} must be more than 0 and at most {upper:g}, not {text!r}.")
    return value


class Command(BaseCommand):
    help = (
        "Queue the check of every link on live pages (Reports → Broken links). The task worker "
        "runs it, or it runs at once when tasks run in-process (`make run`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            metavar="HOURS",
            help="Queue a check only if none was queued in the last HOURS hours (for schedulers).",
        )
        parser.add_argument(
            "--host",
            action="append",
            dest="hosts",
            metavar="HOST[:PORT]",
            help="Request only addresses on this host (repeatable); other links count as fine.",
        )
        parser.add_argument(
            "--timeout",
            metavar="SECONDS",
            help="Seconds to wait for each answer (default PORTAL_LINKCHECK_TIMEOUT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        timeout = (
            bounded_number(options["timeout"], name="--timeout", upper=MAX_TIMEOUT)
            if options["timeout"] is not None
            else None
        )
        hosts: list[str] | None = options["hosts"]
        for host in hosts or []:
            if len(host) > 260 or not HOST.fullmatch(host):
                raise CommandError(
                    f"--host takes a host name with an optional port (e.g. example.org:8080), "
                    f"not {host!r}."
                )
        if options["every"] is not None:
            hours = bounded_number(options["every"], name="--every", upper=MAX_EVERY_HOURS)
            if not selectors.link_check_due(every=datetime.timedelta(hours=hours)):
                latest = selectors.link_check_latest()
                assert latest is not None
                when = timezone.localtime(latest.requested_at)
                self.stdout.write(f"Link check not due: the last was queued {when:%Y-%m-%d %H:%M}.")
                return

        run = link_check_run_start()
        result = check_links.enqueue(run_id=run.pk, only_hosts=hosts, timeout=timeout)
        if result.status == TaskResultStatus.SUCCESSFUL and result.return_value is not None:
            found = result.return_value
            self.stdout.write(
                f"Link check finished: {found['pages']} pages, {found['addresses']} addresses, "
                f"{found['broken']} broken links (Reports → Broken links)."
            )
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError("The link check failed; the error is in the log.")
        else:
            self.stdout.write(f"Link check queued ({result.id}); the task worker runs it.")
