"""Two moderators deciding the same task at once: one decision, one log entry (issue 18).

Real concurrent requests on PostgreSQL: a third connection holds the task state's row lock
until both requests are waiting on it, then lets them race.
"""

import threading
import time

import psycopg2
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from tests.staff import sign_in_verified

from .conftest import home_edit_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the race needs PostgreSQL's row locks (SQLite locks the whole file); CI runs it",
    ),
]


def submit_for_review(editor, home) -> TaskState:
    client = Client()
    sign_in_verified(client, editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        home_edit_form(home, action="submit", summary="A summary for two moderators."),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(
        object_id=str(home.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    return state.current_task_state


def waiting_on_locks(raw) -> int:
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(home, task_state, moderators_and_actions):
    """Post each moderator's action at once, while the row is locked, then release it."""
    params = connection.get_connection_params()
    holder = psycopg2.connect(**params)
    watcher = psycopg2.connect(**params)
    watcher.autocommit = True
    with holder.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM wagtailcore_taskstate WHERE id = %s FOR UPDATE", [task_state.pk]
        )
    responses: dict[int, object] = {}

    def act(index, moderator, action):
        client = Client(raise_request_exception=False)
        sign_in_verified(client, moderator)
        responses[index] = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[home.pk, action, task_state.pk]),
            {"comment": f"{action} by {moderator.username}"},
            HTTP_REFERER="http://testserver/admin/pages/",
        )
        connection.close()

    threads = [
        threading.Thread(target=act, args=(index, moderator, action))
        for index, (moderator, action) in enumerate(moderators_and_actions)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while waiting_on_locks(watcher) < len(threads):
        assert time.monotonic() < deadline, "the requests never reached the task state's row"
        time.sleep(0.05)
    holder.commit()
    for thread in threads:
        thread.join(timeout=60)
    holder.close()
    watcher.close()
    return [responses[index] for index in range(len(threads))]


@pytest.mark.parametrize(
    ("first", "second"),
    [("approve", "approve"), ("reject", "reject"), ("approve", "reject")],
)
def test_the_second_decision_is_refused_with_who_decided_first(
    governed_site, editor, make_member, first, second
):
    from editorial import services

    moderator_a = make_member(services.MODERATORS, "mod-a")
    moderator_b = make_member(services.MODERATORS, "mod-b")
    task_state = submit_for_review(editor, governed_site)

    responses = race(governed_site, task_state, [(moderator_a, first), (moderator_b, second)])

    assert [response.status_code for response in responses] == [302, 302]
    notices = [[str(m) for m in get_messages(response.wsgi_request)] for response in responses]
    refused = [
        index for index, texts in enumerate(notices) if any("already" in text for text in texts)
    ]
    assert len(refused) == 1, notices
    task_state.refresh_from_db()
    winner = 1 - refused[0]
    winning_action = (first, second)[winner]
    expected_status = (
        TaskState.STATUS_APPROVED if winning_action == "approve" else TaskState.STATUS_REJECTED
    )
    assert task_state.status == expected_status
    word = "approved" if winning_action == "approve" else "rejected"
    winner_name = (moderator_a, moderator_b)[winner].get_full_name() or (moderator_a, moderator_b)[
        winner
    ].username
    assert any(f"already {word} by {winner_name}" in text for text in notices[refused[0]]), notices
    decisions = PageLogEntry.objects.filter(
        page_id=governed_site.pk, action__in=["wagtail.workflow.approve", "wagtail.workflow.reject"]
    )
    assert decisions.count() == 1
