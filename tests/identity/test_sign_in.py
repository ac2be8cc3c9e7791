"""Second factors, lockout, sessions, logout and passwords, through the real sign-in views."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from editorial import services
from identity.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from portal.settings import base
from tests.staff import current_code, sign_in_verified, totp_device_for

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_first_sign_in_shows_only_enrolment_until_a_factor_is_confirmed(client, make_person):
    editor = make_person("erin", services.EDITORS)
    assert sign_in(client, "erin").status_code == 302
    for path in ("/admin/", "/admin/pages/", "/admin/users/", "/admin/documents/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("identity_mfa_enrol"))
    page = client.get(reverse("identity_mfa_enrol"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    done = client.post(reverse("identity_mfa_enrol"), {"token": current_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200
    actions = set(
        ModelLogEntry.objects.filter(
            content_type__model="user", object_id=str(editor.pk)
        ).values_list("action", flat=True)
    )
    assert {"identity.factor_added", "identity.recovery_codes_issued"} <= actions


def test_an_enrolled_person_must_pass_the_second_factor_and_a_recovery_code_works_once(
    client, make_person
):
    editor = make_person("erin", services.EDITORS)
    totp_device_for(editor)
    codes = _recovery_codes(client, editor)
    client.logout()
    sign_in(client, "erin")
    response = client.get("/admin/pages/")
    assert response["Location"].startswith(reverse("identity_mfa_verify"))
    wrong = client.post(reverse("identity_mfa_verify"), {"token": "123456"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp throttles a device for a second after a wrong code
    right = client.post(reverse("identity_mfa_verify"), {"token": codes[0], "next": "/admin/"})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.logout()
    sign_in(client, "erin")
    again = client.post(reverse("identity_mfa_verify"), {"token": codes[0]})
    assert "That code is not right" in again.content.decode()
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def _recovery_codes(client, user):
    sign_in_verified(client, user)
    return client.post(reverse("identity_recovery_codes")).context["codes"]


def test_only_a_superuser_resets_factors_and_the_reset_is_audited(client, make_person):
    editor = make_person("erin", services.EDITORS)
    site_admin = make_person("sam", services.SITE_ADMINISTRATORS)
    boss = make_person("boss", superuser=True)
    totp_device_for(editor)
    url = reverse("identity_factors_reset", args=[editor.pk])
    sign_in_verified(client, site_admin)
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=editor).exists()
    sign_in_verified(client, boss)
    assert url in client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "Reset sign-in factors" in client.get(url).content.decode()
    client.post(url)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    entry = ModelLogEntry.objects.get(action="identity.factors_reset", object_id=str(editor.pk))
    assert entry.user_id == boss.pk


def test_five_failures_lock_the_account_with_a_clear_message_and_an_audit_entry(
    client, make_person
):
    make_person("erin", services.EDITORS)
    for _ in range(5):
        sign_in(client, "erin", "wrong-password-entirely")
    response = sign_in(client, "erin")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert ModelLogEntry.objects.filter(action="identity.locked_out").exists()
    assert ModelLogEntry.objects.filter(action="editorial.login_failed").count() >= 5


def test_five_failures_from_one_address_lock_that_address_for_every_account(client, make_person):
    make_person("erin", services.EDITORS)
    for number in range(5):
        sign_in(client, f"guess-{number}", "wrong-password-entirely")
    assert sign_in(client, "erin").status_code == 429


def test_a_site_administrator_unlocks_a_locked_account(client, make_person):
    make_person("erin", services.EDITORS)
    site_admin = make_person("sam", services.SITE_ADMINISTRATORS)
    for _ in range(5):
        sign_in(client, "erin", "wrong-password-entirely")
    assert sign_in(client, "erin").status_code == 429
    admin = Client()
    sign_in_verified(admin, site_admin)
    page = admin.get(reverse("identity_lockouts"))
    attempts = list(page.context["attempts"])
    assert [attempt.username for attempt in attempts] == ["erin"]
    admin.post(reverse("identity_lockout_unlock", args=[attempts[0].pk]))
    assert sign_in(client, "erin").status_code == 302
    assert ModelLogEntry.objects.filter(action="identity.unlocked", user=site_admin).exists()


def test_staff_sessions_end_after_15_minutes_idle_and_12_hours_in_all(client, make_person):
    editor = make_person("erin", services.EDITORS)
    sign_in_verified(client, editor)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[SESSION_SEEN_KEY] = int(time.time()) - 15 * 60 - 5
    session.save()
    assert client.get("/admin/")["Location"].startswith(LOGIN)

    sign_in_verified(client, editor)
    client.get("/admin/")
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 12 * 60 * 60 - 5
    session.save()
    assert client.get("/admin/")["Location"].startswith(LOGIN)


def test_logout_is_post_only_and_ends_the_server_session(client, make_person):
    editor = make_person("erin", services.EDITORS)
    sign_in_verified(client, editor)
    key = client.session.session_key
    assert client.get("/admin/logout/").status_code == 405
    assert Session.objects.filter(session_key=key).exists()
    client.post("/admin/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 302


def test_passwords_need_15_characters_and_not_a_common_one():
    with pytest.raises(ValidationError):
        validate_password("Short-pass-14c")
    with pytest.raises(ValidationError):
        validate_password("polniypizdec0211")
    validate_password("a-long-enough-passphrase-2026")


def test_argon2_hashes_passwords_outside_tests():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
