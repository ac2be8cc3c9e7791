"""One migrated, seeded database per run, copied by each scale-out test module."""

from collections.abc import Iterator

import pytest

from . import stack


@pytest.fixture(scope="session")
def seeded_database() -> Iterator[str]:
    """The URL of a database migrated and seeded by manage.py (a template for live copies)."""
    with stack.seeded_database() as url:
        yield url
