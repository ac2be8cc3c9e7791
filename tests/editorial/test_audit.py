"""Every audited action is in Wagtail's audit log and on stdout as one JSON object a line."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, ModelLogEntry, PageLogEntry

from editorial import services
from tests.staff import sign_in_verified

from .conftest import PASSWORD, add_child_page, home_edit_form, make_document, pdf_bytes

pytestmark = pytest.mark.django_db

CLIENT_IP = "203.0.113.7"
FIELDS = {
    "type",
    "timestamp",
    "action",
    "user_id",
    "username",
    "object_type",
    "object_id",
    "object_label",
    "ip",
    "uuid",
}


def audit_lines(capsys):
    """The audit records written to stdout since the last call; fails on a malformed line."""
    records = []
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("{") and '"type": "audit"' in line:
            record = json.loads(line)
            assert set(record) == FIELDS
            records.append(record)
    return records


def only(records, action):
    matching = [record for record in records if record["action"] == action]
    assert len(matching) == 1, (action, records)
    return matching[0]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks (which write audit lines) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_publish_unpublish_approve_and_reject_are_logged_with_who_and_ip(
    client, governed_site, editor, moderator, capsys, committed
):
    page = add_child_page(governed_site, "Contacts", publish=False)
    capsys.readouterr()
    sign_in_verified(client, moderator)
    with committed():
        client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            {
                "title": page.title,
                "slug": page.slug,
                "comments-TOTAL_FORMS": "0",
                "comments-INITIAL_FORMS": "0",
                "action-publish": "1",
            },
            REMOTE_ADDR=CLIENT_IP,
        )
    publish = only(audit_lines(capsys), "wagtail.publish")
    assert publish["username"] == moderator.username
    assert publish["user_id"] == moderator.pk
    assert publish["object_type"] == "wagtailcore.page"
    assert publish["object_id"] == str(page.pk)
    assert publish["object_label"] == "Contacts"
    assert publish["ip"] == CLIENT_IP
    assert publish["timestamp"].endswith("+00:00")
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()

    with committed():
        client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]), REMOTE_ADDR=CLIENT_IP)
    assert only(audit_lines(capsys), "wagtail.unpublish")["username"] == moderator.username

    for decision in ("approve", "reject"):
        sign_in_verified(client, editor)
        with committed():
            client.post(
                reverse("wagtailadmin_pages:edit", args=[governed_site.pk]),
                home_edit_form(governed_site, action="submit", summary=f"To {decision}"),
            )
        state = governed_site.current_workflow_state
        sign_in_verified(client, moderator)
        with committed():
            client.post(
                reverse(
                    "wagtailadmin_pages:workflow_action",
                    args=[governed_site.pk, decision, state.current_task_state.pk],
                ),
                {"comment": "Seen."},
                REMOTE_ADDR=CLIENT_IP,
            )
        record = only(audit_lines(capsys), f"wagtail.workflow.{decision}")
        assert (record["username"], record["ip"]) == (moderator.username, CLIENT_IP)
        if decision == "reject":
            # Let the editor start a fresh workflow.
            state.cancel(user=moderator)


def test_log_in_and_failed_log_in_are_logged(client, governed_site, editor, capsys, committed):
    login_url = reverse("wagtailadmin_login")
    with committed():
        client.post(
            login_url, {"username": editor.username, "password": "wrong"}, REMOTE_ADDR=CLIENT_IP
        )
    failed = only(audit_lines(capsys), "editorial.login_failed")
    assert failed["user_id"] is None
    assert failed["username"] == editor.username
    assert failed["object_id"] == str(editor.pk)
    assert failed["ip"] == CLIENT_IP

    with committed():
        client.post(
            login_url, {"username": "no-such-person", "password": "x"}, REMOTE_ADDR=CLIENT_IP
        )
    unknown = only(audit_lines(capsys), "editorial.login_failed")
    assert unknown["username"] == "no-such-person"
    assert unknown["object_label"] == "Unknown user “no-such-person”"

    with committed():
        response = client.post(
            login_url, {"username": editor.username, "password": PASSWORD}, REMOTE_ADDR=CLIENT_IP
        )
    assert response.status_code == 302
    success = only(audit_lines(capsys), "editorial.login")
    assert (success["username"], success["ip"]) == (editor.username, CLIENT_IP)
    assert ModelLogEntry.objects.filter(action="editorial.login_failed").count() == 2
    assert ModelLogEntry.objects.get(action="editorial.login").data["ip"] == CLIENT_IP


def test_the_site_history_report_shows_log_in_entries(
    client, governed_site, editor, django_user_model
):
    client.post(reverse("wagtailadmin_login"), {"username": "nobody", "password": "x"})
    client.post(reverse("wagtailadmin_login"), {"username": editor.username, "password": "bad"})
    superuser = django_user_model.objects.create_superuser("root", "root@example.gov.au", "x")
    sign_in_verified(client, superuser)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    assert "Failed to log in" in response.content.decode()


def test_document_upload_replace_and_delete_are_logged_once_each(
    client, governed_site, make_member, capsys, committed
):
    manager = make_member(services.DOCUMENT_MANAGERS)
    sign_in_verified(client, manager)
    root = Collection.get_first_root_node()
    with committed():
        response = client.post(
            reverse("wagtaildocs:add_multiple"),
            {
                "files[]": SimpleUploadedFile("plan.pdf", pdf_bytes("National Action Plan")),
                "collection": root.pk,
            },
            REMOTE_ADDR=CLIENT_IP,
        )
    assert response.json()["success"]
    document = get_document_model().objects.get()
    upload = only(audit_lines(capsys), "wagtail.create")
    assert upload["object_type"] == "keydocs.keydocument"
    assert (upload["object_id"], upload["username"]) == (str(document.pk), manager.username)
    assert upload["ip"] == CLIENT_IP

    with committed():
        response = client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "National Action Plan 2020–25",
                "collection": root.pk,
                "description": "",
                "tags": "",
                "file": SimpleUploadedFile("plan-v2.pdf", pdf_bytes("Version 2")),
            },
            REMOTE_ADDR=CLIENT_IP,
        )
    assert response.status_code == 302
    replace = only(audit_lines(capsys), "wagtail.edit")
    assert replace["object_label"] == "National Action Plan 2020–25"

    with committed():
        client.post(reverse("wagtaildocs:delete", args=[document.pk]), REMOTE_ADDR=CLIENT_IP)
    assert not get_document_model().objects.exists()
    deletion = only(audit_lines(capsys), "wagtail.delete")
    assert deletion["object_id"] == str(document.pk)

    second = make_document("Annual report", user=manager)
    capsys.readouterr()
    with committed():
        client.post(reverse("wagtaildocs:delete_multiple", args=[second.pk]), REMOTE_ADDR=CLIENT_IP)
    assert only(audit_lines(capsys), "wagtail.delete")["object_id"] == str(second.pk)


def test_the_single_upload_form_is_logged_once(
    client, governed_site, make_member, capsys, committed
):
    manager = make_member(services.DOCUMENT_MANAGERS)
    sign_in_verified(client, manager)
    with committed():
        response = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Trafficking in Persons report",
                "collection": Collection.get_first_root_node().pk,
                "description": "",
                "tags": "",
                "file": SimpleUploadedFile("tip.pdf", pdf_bytes("TIP report")),
            },
        )
    assert response.status_code == 302
    only(audit_lines(capsys), "wagtail.create")


def test_nothing_is_written_for_a_rolled_back_action(governed_site, capsys):
    """Without a commit, no audit line: stdout never claims what the database does not hold."""
    capsys.readouterr()
    add_child_page(governed_site, "Never committed")
    assert audit_lines(capsys) == []
