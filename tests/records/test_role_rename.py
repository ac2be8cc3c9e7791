"""Renaming a role in one admin step, and date fields that accept what editors type."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from records.forms import EditorDateField
from records.models import Role
from tests.staff import browser_sign_in, sign_in_verified

from .conftest import PASSWORD

AMBASSADOR_TITLE = "Ambassador to Counter Modern Slavery, People Smuggling and Human Trafficking"
NEW_TITLE = "Ambassador for Human Rights and Modern Slavery"


def ambassador() -> Role:
    return Role.objects.get(title=AMBASSADOR_TITLE)


def rename_url(role: Role) -> str:
    return reverse("wagtailsnippets_records_role:rename", args=[role.pk])


@pytest.mark.django_db
def test_a_moderator_renames_the_role_live_with_history_and_audit(client, moderator):
    role = ambassador()
    sign_in_verified(client, moderator)
    response = client.post(
        rename_url(role),
        {"new_title": NEW_TITLE, "effective_date": "2026-07-01", "note": "Announced 30 June."},
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == NEW_TITLE
    assert role.live and not role.has_unpublished_changes
    assert role.current_title_since == datetime.date(2026, 7, 1)
    former = role.title_history.get(title=AMBASSADOR_TITLE)
    assert former.valid_to == datetime.date(2026, 6, 30)
    assert former.note == "Announced 30 June."
    entry = ModelLogEntry.objects.filter(action="records.role_rename").latest("timestamp")
    assert entry.user == moderator
    assert entry.data["old_title"] == AMBASSADOR_TITLE
    assert entry.data["new_title"] == NEW_TITLE
    # The public pages showing the role show the new title.
    home = client.get("/")
    assert NEW_TITLE in home.content.decode()


@pytest.mark.django_db
def test_an_editor_rename_waits_as_a_draft(client, editor):
    role = ambassador()
    sign_in_verified(client, editor)
    response = client.post(rename_url(role), {"new_title": NEW_TITLE, "effective_date": "1/7/2026"})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == AMBASSADOR_TITLE
    assert role.has_unpublished_changes
    assert role.latest_revision.as_object().title == NEW_TITLE
    assert ModelLogEntry.objects.filter(action="records.role_rename", user=editor).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["31/2/2026", "2026-13-01", "next tuesday", ""])
def test_an_unparseable_date_is_an_error_not_today(client, moderator, typed):
    role = ambassador()
    sign_in_verified(client, moderator)
    response = client.post(rename_url(role), {"new_title": NEW_TITLE, "effective_date": typed})
    assert response.status_code == 200
    errors = response.context["form"].errors["effective_date"]
    assert errors and ("real date" in errors[0] or "required" in errors[0])
    role.refresh_from_db()
    assert role.title == AMBASSADOR_TITLE


@pytest.mark.django_db
def test_the_same_title_and_an_early_date_are_refused(client, moderator):
    role = ambassador()
    sign_in_verified(client, moderator)
    same = client.post(rename_url(role), {"new_title": role.title, "effective_date": "2026-07-01"})
    assert "same as the current title" in same.context["form"].errors["new_title"][0]
    early = client.post(rename_url(role), {"new_title": NEW_TITLE, "effective_date": "1/1/1990"})
    assert "must take effect after" in early.context["form"].errors["effective_date"][0]
    role.refresh_from_db()
    assert role.title == AMBASSADOR_TITLE


@pytest.mark.django_db
def test_users_without_role_permissions_cannot_rename(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password=PASSWORD)
    sign_in_verified(client, user)
    assert client.get(rename_url(ambassador())).status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, expected",
    [("2026-03-01", datetime.date(2026, 3, 1)), ("1/3/2026", datetime.date(2026, 3, 1))],
)
def test_admin_date_fields_accept_iso_and_day_month_year(client, moderator, typed, expected):
    field = EditorDateField()
    assert field.clean(typed) == expected
    # The role's and a page's admin forms use it.
    sign_in_verified(client, moderator)
    role = ambassador()
    form = client.get(reverse("wagtailsnippets_records_role:edit", args=[role.pk])).context["form"]
    assert isinstance(form.fields["current_title_since"], EditorDateField)
    home_form = client.get(f"/admin/pages/{client.get('/').context['page'].pk}/edit/").context[
        "form"
    ]
    assert isinstance(home_form.fields["review_date"], EditorDateField)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("group", ["moderator", "editor"])
def test_renaming_in_the_browser_keeps_a_typed_iso_date(
    browser_page, live_server, governed_site, make_member, group
):
    from editorial import services

    member = make_member(
        services.MODERATORS if group == "moderator" else services.EDITORS, username=f"r-{group}"
    )
    role = ambassador()
    tab = browser_page
    browser_sign_in(tab, live_server.url, member.username, PASSWORD)
    tab.goto(f"{live_server.url}/admin/snippets/records/role/edit/{role.pk}/")
    tab.locator("header").get_by_role("button", name="Actions").first.click()
    tab.get_by_role("link", name="Rename").click()
    tab.get_by_label("New title").fill(NEW_TITLE)
    date_box = tab.get_by_label("Effective date")
    date_box.fill("2026-07-01")
    tab.get_by_label("Note").click()  # blur: the picker used to reset the date to today here
    expect(date_box).to_have_value("2026-07-01")
    tab.locator("#w-editor-form button[type=submit]").click()
    expect(tab.locator(".messages")).to_contain_text(NEW_TITLE)
    role.refresh_from_db()
    if group == "moderator":
        assert role.title == NEW_TITLE
        assert role.current_title_since == datetime.date(2026, 7, 1)
    else:
        assert role.title == AMBASSADOR_TITLE
        assert role.latest_revision.as_object().current_title_since == datetime.date(2026, 7, 1)
