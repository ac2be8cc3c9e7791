"""Tests change content inside a transaction that is rolled back, so `on_commit` callbacks never
run. The purge outbox (caching, decision 010) applies purges after commit; in production every
change commits before the next reader's request. `apply_recorded_purges` runs the outbox's
pending after-commit callbacks (and no other app's), as that commit would have.
"""

from typing import Any

from django.db import connection

OUTBOX_MODULE = "caching.services"


def apply_recorded_purges(**_signal: Any) -> None:
    """Run the page cache's pending after-commit callbacks now; a request_started receiver."""
    ours = [entry for entry in connection.run_on_commit if entry[1].__module__ == OUTBOX_MODULE]
    if not ours:
        return
    connection.run_on_commit[:] = [
        entry for entry in connection.run_on_commit if entry[1].__module__ != OUTBOX_MODULE
    ]
    for _savepoints, callback, _robust in ours:
        callback()
