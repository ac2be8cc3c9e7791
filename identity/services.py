"""Writes with rules for staff identity: factors, recovery codes, resets, lockouts; audited."""

import secrets

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .selectors import StaffUser

RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "Authenticator app"


def totp_device_start(*, user: StaffUser) -> TOTPDevice:
    """The person's unconfirmed authenticator-app device, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm the device when `token` is a current code; the session then counts as verified."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    log(device.user, "identity.factor_added", user=device.user, data={"factor": "totp"})
    return True


@transaction.atomic
def recovery_codes_regenerate(*, user: StaffUser) -> list[str]:
    """Replace the person's recovery codes with new single-use ones and return them, shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    # Three groups of four hex digits (48 bits): django-otp stores at most 16 characters a code.
    codes = [
        "-".join(secrets.token_hex(2) for _ in range(3))
        for _ in range(settings.IDENTITY_RECOVERY_CODE_COUNT)
    ]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    account = get_user_model()._default_manager.get(pk=user.pk)  # not the request's lazy proxy
    log(account, "identity.recovery_codes_issued", user=account)
    return codes


@transaction.atomic
def factors_reset(*, actor: StaffUser, user: StaffUser) -> None:
    """Remove every factor of `user`, who enrols again at next sign-in. Superusers only."""
    if not actor.is_superuser:
        raise PermissionDenied("Only a superuser can reset another person's sign-in factors.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    log(user, "identity.factors_reset", user=actor)


@transaction.atomic
def lockout_clear(*, actor: StaffUser, attempt: AccessAttempt) -> None:
    """Unlock the account and address an attempt record holds locked; audited."""
    username, ip = attempt.username, attempt.ip_address
    if username:
        reset(username=username)
    if ip:
        reset(ip=ip)
    _log_against_account(
        username, "identity.unlocked", user=actor, data={"username": username, "ip": ip}
    )


def lockout_record(*, username: str, ip: str | None) -> None:
    """Record in the audit log that an account or address has been locked out."""
    _log_against_account(
        username, "identity.locked_out", user=None, data={"username": username, "ip": ip}
    )


def _log_against_account(
    username: str | None, action: str, *, user: StaffUser | None, data: dict
) -> None:
    user_model = get_user_model()
    account = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if username
        else None
    )
    if account is not None:
        log(account, action, user=user, data=data)
        return
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id="0",
        label=f"Unknown user “{username or ''}”",
        action=action,
        user=user,
        data=data,
        timestamp=timezone.now(),
    )
