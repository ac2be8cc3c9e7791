"""Fixtures for the records tests: the governed site and members of each group."""

from tests.editorial.conftest import (  # noqa: F401 - fixtures shared with the editorial tests
    PASSWORD,
    editor,
    governed_site,
    make_member,
    media_in_tmp,
    moderator,
)
