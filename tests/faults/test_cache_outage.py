"""Issue 18: no stale page after a Redis outage or a database restore; purges only after commit;
a Redis that hangs costs one bounded wait, not one per request."""

import time

import pytest
from django.db import connection, transaction
from wagtail.models import Page

from caching import selectors, services, store
from tests.caching.conftest import cache_status

PAGE = "/people-smuggling/"
OLD_TITLE = "People smuggling"


def publish_title(title: str) -> None:
    page = Page.objects.get(url_path=f"/home{PAGE}").specific
    page.title = title
    page.save_revision().publish()


def warm(client, path: str = PAGE) -> bytes:
    client.get(path)
    response = client.get(path)
    assert cache_status(response) == "hit"
    return response.content


@pytest.mark.django_db(transaction=True)
def test_a_publish_while_redis_is_cut_is_never_served_stale_once_it_returns(
    seeded_site, layered, redis_proxy, settings, caplog
):
    assert OLD_TITLE.encode() in warm(layered)

    redis_proxy.cut()  # Redis keeps its data; the application cannot reach it
    publish_title("People smuggling: new guidance")  # committed; the purge cannot be applied
    assert selectors.pending_purge_count() == 1
    assert any("purge(s) pending" in message for message in caplog.messages)
    redis_proxy.restore()
    time.sleep(settings.PORTAL_CACHE_RETRY_INTERVAL + 0.1)

    response = layered.get(PAGE)
    assert response.status_code == 200
    assert cache_status(response) == "miss"
    assert b"People smuggling: new guidance" in response.content
    assert selectors.pending_purge_count() == 0
    again = layered.get(PAGE)
    assert cache_status(again) == "hit"
    assert b"People smuggling: new guidance" in again.content


@pytest.mark.django_db(transaction=True)
def test_another_process_serves_nothing_unchecked_once_the_lease_lapses(
    seeded_site, layered, redis_proxy, settings
):
    settings.PORTAL_CACHE_SYNC_LEASE = 1
    warm(layered)
    redis_proxy.cut()
    publish_title("People smuggling: new guidance")
    redis_proxy.restore()

    store.reset_health()  # a process that never saw the outage
    time.sleep(settings.PORTAL_CACHE_SYNC_LEASE + 0.2)

    response = layered.get(PAGE)
    assert b"People smuggling: new guidance" in response.content
    assert selectors.pending_purge_count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_database_restored_behind_the_same_redis_is_not_served_from_the_cache(
    seeded_site, layered, redis_proxy, settings
):
    settings.PORTAL_CACHE_SYNC_LEASE = 1
    warm(layered)
    with connection.cursor() as cursor:  # the backup: what the restore brings back
        cursor.execute("SELECT serial FROM caching_purgestate WHERE id = 1")
        (backup_serial,) = cursor.fetchone()

    publish_title("People smuggling: published after the backup")
    assert b"published after the backup" in warm(layered)

    # The restore writes the backed-up rows back, as pg_restore does: no signals, no purge.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page SET title = %s, draft_title = %s WHERE url_path = %s",
            [OLD_TITLE, OLD_TITLE, f"/home{PAGE}"],
        )
        cursor.execute("UPDATE caching_purgestate SET serial = %s WHERE id = 1", [backup_serial])
    store.reset_health()
    time.sleep(settings.PORTAL_CACHE_SYNC_LEASE + 0.2)

    response = layered.get(PAGE)
    assert b"published after the backup" not in response.content
    assert OLD_TITLE.encode() in response.content


@pytest.mark.django_db(transaction=True)
def test_a_publish_that_rolls_back_leaves_the_cache_as_it_was(seeded_site, layered):
    before = warm(layered)

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        publish_title("People smuggling: never published")
        raise Abandoned

    response = layered.get(PAGE)
    assert cache_status(response) == "hit"
    assert response.content == before
    assert selectors.pending_purge_count() == 0


@pytest.mark.django_db
def test_a_redis_that_never_answers_costs_one_bounded_wait_per_interval(
    seeded_site, layered, redis_proxy, settings
):
    settings.PORTAL_CACHE_RETRY_INTERVAL = 30
    warm(layered)
    redis_proxy.pause()  # accepts connections, answers nothing

    timings = []
    for _attempt in range(5):
        started = time.monotonic()
        response = layered.get(PAGE)
        timings.append(time.monotonic() - started)
        assert response.status_code == 200
        assert OLD_TITLE.encode() in response.content
    assert store.breaker_open()
    # One Redis timeout (connect or read, each PORTAL_REDIS_TIMEOUT) on the first request, and
    # none after it: the rest are rendered without asking Redis.
    assert timings[0] < settings.PORTAL_REDIS_TIMEOUT * 2 + 2.0, timings
    assert max(timings[1:]) < timings[0] + 1.0, timings
    assert sum(timings) < 10, timings


@pytest.mark.django_db
def test_purges_made_while_the_cache_is_down_are_applied_by_the_minute_job(
    seeded_site, layered, redis_proxy, settings
):
    from django.core.management import call_command

    from tests.caching.conftest import commit_pending_callbacks

    commit_pending_callbacks()
    redis_proxy.cut()
    services.page_cache_purge_everything()
    commit_pending_callbacks()
    assert selectors.pending_purge_count() == 1
    redis_proxy.restore()
    time.sleep(settings.PORTAL_CACHE_RETRY_INTERVAL + 0.1)

    call_command("apply_pending_purges")
    assert selectors.pending_purge_count() == 0
