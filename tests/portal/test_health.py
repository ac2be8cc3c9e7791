import time

import pytest
from django.core.management import call_command

from tests.conftest import unreachable_database


@pytest.mark.django_db(transaction=True)
def test_healthz_is_liveness_only_and_answers_with_the_database_down(client):
    with unreachable_database():
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The storage check writes (and deletes) a file: keep it out of the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ok_when_every_dependency_answers(client):
    call_command("record_heartbeat")
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "storage", "worker"}


@pytest.mark.django_db(transaction=True)
def test_readyz_names_a_missing_worker_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["worker"]
    assert response.json()["checks"]["worker"]["detail"] == "no heartbeat recorded"


@pytest.mark.django_db(transaction=True)
def test_readyz_names_the_database_when_it_is_down_within_the_limit(client, settings):
    call_command("record_heartbeat")
    settings.PORTAL_READYZ_CHECK_TIMEOUT = 1.5
    with unreachable_database():
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    assert elapsed < 2.5
