"""bench.settings with no middleware: the floor view alone (`bench.bare`)."""

from bench.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
