"""Fixtures for the benchmark tools' tests."""

import pytest


@pytest.fixture
def anonymous(client):
    """The Django test client, anonymous, asking for the seeded site's host."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client
