"""Least privilege for people who manage people: each escalation path from issue 12 is refused."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from editorial import services
from tests.staff import sign_in_verified

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail answers a refused admin action with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def edit_data(user, *, groups=(), **extra):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Given",
        "last_name": "Family",
        "is_active": "on",
        "groups": [group.pk for group in groups],
    }
    data.update(extra)
    return data


@pytest.fixture
def admin_client(client, make_person):
    site_admin = make_person("sam-site-admin", services.SITE_ADMINISTRATORS)
    sign_in_verified(client, site_admin)
    client.site_admin = site_admin
    return client


def test_a_site_administrator_cannot_tick_superuser(admin_client, make_person):
    editor = make_person("erin", services.EDITORS)
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "is_superuser" not in response.context["form"].fields
    editors = Group.objects.filter(name=services.EDITORS)
    response = admin_client.post(url, edit_data(editor, groups=editors, is_superuser="on"))
    assert response.status_code == 302, "the edit itself is allowed; only the tick is ignored"
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_a_site_administrator_cannot_edit_or_reset_the_password_of_a_superuser(
    admin_client, make_person
):
    boss = make_person("boss", superuser=True)
    url = reverse("wagtailusers_users:edit", args=[boss.pk])
    assert refused(admin_client.get(url))
    response = admin_client.post(
        url, edit_data(boss, password1="attacker-chosen-pass-1", password2="attacker-chosen-pass-1")
    )
    assert refused(response)
    boss.refresh_from_db()
    assert not boss.check_password("attacker-chosen-pass-1")
    delete_url = reverse("wagtailusers_users:delete", args=[boss.pk])
    assert refused(admin_client.post(delete_url))


def test_a_site_administrator_cannot_add_themselves_to_moderators(admin_client):
    me = admin_client.site_admin
    moderators = Group.objects.filter(name=services.MODERATORS)
    url = reverse("wagtailusers_users:edit", args=[me.pk])
    response = admin_client.post(url, edit_data(me, groups=moderators))
    assert refused(response)
    assert not me.groups.filter(name=services.MODERATORS).exists()


def test_a_site_administrator_cannot_make_another_site_administrator(admin_client, make_person):
    editor = make_person("erin", services.EDITORS)
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    higher = Group.objects.filter(name=services.SITE_ADMINISTRATORS)
    response = admin_client.post(url, edit_data(editor, groups=higher))
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not editor.groups.filter(name=services.SITE_ADMINISTRATORS).exists()
    response = admin_client.post(
        reverse("wagtailusers_users:add"),
        {
            **edit_data(editor, groups=higher),
            "username": "newcomer",
            "password1": "a-long-enough-passphrase-1",
            "password2": "a-long-enough-passphrase-1",
        },
    )
    assert response.status_code == 200
    assert not editor._meta.model.objects.filter(username="newcomer").exists()


def test_a_site_administrator_cannot_widen_a_group(admin_client):
    editors = Group.objects.get(name=services.EDITORS)
    url = reverse("wagtailusers_groups:edit", args=[editors.pk])
    assert refused(admin_client.get(url))
    assert refused(admin_client.post(url, {"name": "Editors"}))
    assert refused(admin_client.get(reverse("wagtailusers_groups:add")))


def test_a_site_administrator_cannot_bulk_assign_a_role(admin_client, make_person):
    editor = make_person("erin", services.EDITORS)
    higher = Group.objects.get(name=services.SITE_ADMINISTRATORS)
    url = reverse("wagtail_bulk_action", args=["auth", "user", "assign_role"]) + f"?id={editor.pk}"
    response = admin_client.post(url, {"role": higher.pk})
    assert refused(response)
    assert not editor.groups.filter(pk=higher.pk).exists()


def test_a_site_administrator_still_manages_editors_moderators_and_document_managers(
    admin_client, make_person
):
    editor = make_person("erin", services.EDITORS)
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    grantable = Group.objects.filter(name__in=[services.MODERATORS, services.DOCUMENT_MANAGERS])
    response = admin_client.get(url)
    offered = set(response.context["form"].fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {services.EDITORS, services.MODERATORS, services.DOCUMENT_MANAGERS}
    response = admin_client.post(url, edit_data(editor, groups=grantable))
    assert response.status_code == 302, response.context["form"].errors
    assert set(editor.groups.values_list("name", flat=True)) == {
        services.MODERATORS,
        services.DOCUMENT_MANAGERS,
    }


def test_a_superuser_can_grant_superuser(client, make_person):
    boss = make_person("boss", superuser=True)
    editor = make_person("erin", services.EDITORS)
    sign_in_verified(client, boss)
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    response = client.post(url, edit_data(editor, is_superuser="on"))
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser
