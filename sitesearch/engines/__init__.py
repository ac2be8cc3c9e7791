"""Search engines behind one contract (`base.SearchEngine`), chosen in one place.

`PORTAL_SEARCH_ENGINE` picks the engine: "postgres" (`postgres.PostgresEngine`, what production
and CI run) or "wagtail" (`wagtail.WagtailBackendEngine`, Wagtail's configured backend; what
SQLite uses for `make run`). Unset or empty, the database vendor decides.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .base import SearchEngine
from .postgres import PostgresEngine
from .wagtail import WagtailBackendEngine

ENGINES: dict[str, type[SearchEngine]] = {
    "postgres": PostgresEngine,
    "wagtail": WagtailBackendEngine,
}


def engine_class() -> type[SearchEngine]:
    """The engine `PORTAL_SEARCH_ENGINE` names, or the one suiting the database."""
    name = getattr(settings, "PORTAL_SEARCH_ENGINE", "") or (
        "postgres" if connection.vendor == "postgresql" else "wagtail"
    )
    if name not in ENGINES:
        raise ImproperlyConfigured(
            f"PORTAL_SEARCH_ENGINE is {name!r}; choose one of {', '.join(sorted(ENGINES))}."
        )
    if name == "postgres" and connection.vendor != "postgresql":
        raise ImproperlyConfigured("PORTAL_SEARCH_ENGINE 'postgres' needs a PostgreSQL database.")
    return ENGINES[name]
