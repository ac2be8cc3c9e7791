"""Reads about staff accounts: factors, lockouts, and which groups a person may grant."""

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.auth import user_has_any_page_permission

from editorial import audit
from editorial.services.governance import MANAGED_GROUPS

# A signed-in person: Django's user, with django-otp's `is_verified()` added by its middleware.
StaffUser = Any


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the audit log sees it (a trusted proxy header when configured)."""
    return audit.client_ip_from_request(request)


def user_is_staff_member(user: Any) -> bool:
    """Whether the account can reach the admin and so must use a second factor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or user.has_perm("wagtailadmin.access_admin")
        or user_has_any_page_permission(user)
    )


def user_has_second_factor(user: StaffUser) -> bool:
    """Whether the person has a confirmed passkey or authenticator app (not just recovery codes)."""
    return any(
        not isinstance(device, StaticDevice) for device in devices_for_user(user, confirmed=True)
    )


def user_recovery_codes_left(user: StaffUser) -> int:
    """How many unused recovery codes the person has."""
    device = StaticDevice.objects.filter(user=user, name="recovery").first()
    return device.token_set.count() if device else 0


def groups_grantable_by(user: StaffUser) -> QuerySet[Group]:
    """Groups this person may add people to: all for a superuser, else those their groups manage."""
    if user.is_superuser:
        return Group.objects.all()
    names = {
        managed
        for group_name in user.groups.values_list("name", flat=True)
        for managed in MANAGED_GROUPS.get(group_name, ())
    }
    return Group.objects.filter(name__in=names)


def user_can_manage_user(actor: StaffUser, target: StaffUser) -> bool:
    """Whether `actor` may edit or delete `target`.

    Superusers may manage anyone; others only people wholly within the groups they may grant,
    never a superuser and never themselves.
    """
    if actor.is_superuser:
        return True
    if target.is_superuser or target.pk == actor.pk:
        return False
    grantable = set(groups_grantable_by(actor).values_list("pk", flat=True))
    return set(target.groups.values_list("pk", flat=True)) <= grantable


def locked_out_attempts() -> QuerySet[AccessAttempt]:
    """Sign-in attempt records that currently hold an account or address locked, newest first."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")


def user_is_verified(user: StaffUser) -> bool:
    """Whether the person completed a second factor in this session (django-otp)."""
    return bool(user is not None and user.is_authenticated and user.is_verified())
