"""Signing staff in the way production does: a password, then a second factor.

Every test that uses the admin signs in through these helpers, so the whole suite runs with
second factors enforced (IDENTITY_MFA_REQUIRED is on in test settings too).
"""

from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device_for(user):
    """The user's confirmed authenticator-app device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device):
    """The code the authenticator app shows now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def sign_in_verified(client, user):
    """Sign `user` in on a test client with a verified second factor (an enrolled TOTP device)."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def browser_sign_in(tab, base_url, username, password):
    """Sign in through the real admin forms in a browser: password, then the current TOTP code."""
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    device = totp_device_for(get_user_model().objects.get(username=username))
    tab.goto(base_url + "/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    tab.get_by_label("Code from your authenticator app, or a recovery code").fill(
        current_code(device)
    )
    tab.get_by_role("button", name="Continue").click()
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
