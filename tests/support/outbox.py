"""Tests change content inside a transaction that is rolled back, so `on_commit` callbacks never
run. The purge outbox (caching, decision 011) applies purges after commit; in production every
change commits before the next reader's request. `apply_recorded_purges` runs the outbox's
pending after-commit callbacks (and no other app's), as that commit would have.
"""

from typing import Any

from django.conf import settings
from django.db import connection

OUTBOX_MODULE = "caching.services"


def apply_recorded_purges(environ: dict[str, Any] | None = None, **_signal: Any) -> None:
    """Apply the purges recorded so far, once; a request_started receiver.

    Requests the caches never serve (admin, search, documents) are left alone, so their query
    counts are what production sees.
    """
    path = (environ or {}).get("PATH_INFO", "")
    if any(path.startswith(prefix) for prefix in settings.PORTAL_CACHE_EXCLUDED_PATHS):
        return
    ours = [entry for entry in connection.run_on_commit if entry[1].__module__ == OUTBOX_MODULE]
    if not ours:
        return
    connection.run_on_commit[:] = [
        entry for entry in connection.run_on_commit if entry[1].__module__ != OUTBOX_MODULE
    ]
    ours[-1][1]()  # one application applies every pending purge
