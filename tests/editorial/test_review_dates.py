"""Review dates: the selector, the dashboard panel and the reminder emails."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial import selectors, services
from pages.models import HomePage
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def add_reviewed_page(parent, title, review_in_days, *, owner=None, live=True):
    """A page under `parent` due for review `review_in_days` from today (negative: overdue)."""
    page = HomePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        review_date=TODAY + datetime.timedelta(days=review_in_days),
        owner=owner,
    )
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        HomePage.objects.filter(pk=page.pk).update(live=False)
    return page


@pytest.fixture
def review_pages(governed_site, editor, moderator):
    return {
        "overdue": add_reviewed_page(governed_site, "Regional forum", -3, owner=editor),
        "due": add_reviewed_page(governed_site, "Working notes", 10, owner=editor),
        "due_moderator": add_reviewed_page(governed_site, "Contact list", 29, owner=moderator),
        "unowned": add_reviewed_page(governed_site, "Archived documents", -40),
        "later": add_reviewed_page(governed_site, "Forums", 31, owner=editor),
        "draft": add_reviewed_page(governed_site, "Draft page", -1, owner=editor, live=False),
    }


def test_the_selector_splits_overdue_from_due_soon(review_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(selectors.reviewable_page_models())):
        review = selectors.pages_due_for_review()
        titles = ([page.title for page in review.overdue], [page.title for page in review.due_soon])
        owners = [page.owner for page in review.overdue + review.due_soon]
    assert titles == (["Archived documents", "Regional forum"], ["Working notes", "Contact list"])
    assert owners[1].username == "editors"


def test_the_dashboard_panel_lists_pages_for_people_who_edit_pages(
    client, review_pages, editor, make_member
):
    sign_in_verified(client, editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Pages due for review" in dashboard
    overdue_part = dashboard.split('data-review="overdue"')[1].split("</table>")[0]
    due_part = dashboard.split('data-review="due-soon"')[1].split("</table>")[0]
    assert "Regional forum" in overdue_part and "Archived documents" in overdue_part
    assert "No owner" in overdue_part
    assert "Working notes" in due_part and "Contact list" in due_part
    assert "Forums" not in dashboard and "Draft page" not in dashboard
    expected_date = f"{TODAY + datetime.timedelta(days=10):%-d %B %Y}"
    assert expected_date in due_part

    sign_in_verified(client, make_member(services.SITE_ADMINISTRATORS))
    assert "Pages due for review" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_reminders_email_each_owner_their_pages(review_pages, editor, moderator, capsys):
    mail.outbox.clear()
    call_command("send_review_reminders")
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {editor.email, moderator.email}
    editor_mail = by_recipient[editor.email]
    assert editor_mail.subject == "Pages to review: 1 overdue, 1 due soon"
    assert "Regional forum (review by" in editor_mail.body
    assert "Working notes" in editor_mail.body
    assert "Forums" not in editor_mail.body and "Draft page" not in editor_mail.body
    edit_url = reverse("wagtailadmin_pages:edit", args=[review_pages["overdue"].pk])
    assert edit_url in editor_mail.body
    assert "Contact list" in by_recipient[moderator.email].body
    output = capsys.readouterr().out
    assert f"Emailed {editor.email} about 2 page(s)." in output
    assert "No owner with an email address to remind: Archived documents" in output


def test_reminders_with_nothing_due_say_so(governed_site, capsys):
    mail.outbox.clear()
    call_command("send_review_reminders")
    assert mail.outbox == []
    assert "No page is due for review." in capsys.readouterr().out
