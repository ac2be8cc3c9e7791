"""Two-step moderation: editors submit, moderators approve (which publishes) or reject."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowPage, WorkflowState

from editorial import services
from pages.models import HomePage
from tests.staff import sign_in_verified

from .conftest import home_edit_form

pytestmark = pytest.mark.django_db


def public_home(client):
    client.logout()
    return client.get("/").content.decode()


def submit_change(client, editor, home, summary):
    sign_in_verified(client, editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        home_edit_form(home, action="submit", summary=summary),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(home.pk))


def test_the_section_uses_the_moderation_workflow(governed_site):
    workflow = WorkflowPage.objects.get(page=governed_site).workflow
    assert workflow.name == services.WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert [task.name for task in tasks] == [services.REVIEW_TASK_NAME]
    assert [group.name for group in tasks[0].groups.all()] == [services.MODERATORS]
    assert governed_site.get_workflow() == workflow


def test_editors_get_no_publish_button_but_moderators_do(client, governed_site, editor, moderator):
    url = reverse("wagtailadmin_pages:edit", args=[governed_site.pk])
    sign_in_verified(client, editor)
    editor_form = client.get(url).content.decode()
    assert 'name="action-submit"' in editor_form
    assert 'name="action-publish"' not in editor_form
    sign_in_verified(client, moderator)
    assert 'name="action-publish"' in client.get(url).content.decode()


def test_an_editor_posting_publish_does_not_publish(client, governed_site, editor):
    live_revision = HomePage.objects.get(pk=governed_site.pk).live_revision_id
    assert live_revision is not None
    sign_in_verified(client, editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[governed_site.pk]),
        home_edit_form(governed_site, action="publish", summary="Sneaked past review."),
    )
    home = HomePage.objects.get(pk=governed_site.pk)
    assert home.live_revision_id == live_revision
    assert "Sneaked past review." not in public_home(client)


def test_submitted_change_goes_live_only_when_a_moderator_approves(
    client, governed_site, editor, moderator
):
    state = submit_change(client, editor, governed_site, "Reviewed summary of the section.")
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Reviewed summary of the section." not in public_home(client)

    sign_in_verified(client, moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in dashboard
    assert governed_site.title in dashboard
    task_state = state.current_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[governed_site.pk, "approve", task_state.pk],
        ),
        {"comment": "Checked against the source."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert "Reviewed summary of the section." in public_home(client)


def test_a_rejection_comment_reaches_the_editor(client, governed_site, editor, moderator):
    state = submit_change(client, editor, governed_site, "A summary needing work.")
    sign_in_verified(client, moderator)
    mail.outbox.clear()
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[governed_site.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Please cite the 2023 Bali Process declaration."},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "A summary needing work." not in public_home(client)

    sign_in_verified(client, editor)
    history = client.get(
        reverse("wagtailadmin_pages:workflow_history_detail", args=[governed_site.pk, state.pk])
    ).content.decode()
    assert "Please cite the 2023 Bali Process declaration." in history
    emails_to_editor = [message for message in mail.outbox if editor.email in message.to]
    assert emails_to_editor
    assert "Please cite the 2023 Bali Process declaration." in emails_to_editor[0].body


def test_a_moderator_cannot_approve_a_task_of_another_group(client, governed_site, editor):
    state = submit_change(client, editor, governed_site, "Self-approved summary.")
    sign_in_verified(client, editor)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[governed_site.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Self-approved summary." not in public_home(client)
