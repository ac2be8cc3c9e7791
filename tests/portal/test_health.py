import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from caching.models import PendingPurge
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
    assert set(body["checks"]) == {"database", "cache", "storage", "worker", "purges"}


@pytest.mark.django_db(transaction=True)
def test_readyz_names_a_purge_backlog_older_than_the_limit(client, settings):
    call_command("record_heartbeat")
    settings.PORTAL_PURGE_BACKLOG_MAX_AGE = 60
    pending = PendingPurge.objects.create(serial=1, plan={"everything": True})
    PendingPurge.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["down"] == ["purges"]
    assert "1 purge(s) pending" in response.json()["checks"]["purges"]["detail"]


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
    # The purge backlog lives in the database too, so it cannot be confirmed either.
    assert response.json()["down"] == ["database", "purges"]
    assert elapsed < 2.5
