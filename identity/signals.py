"""Lockouts reported by django-axes go to the audit log."""

from typing import Any

from axes.signals import user_locked_out
from django.http import HttpRequest

from . import services


def locked_out(
    sender: Any,
    request: HttpRequest | None = None,
    username: str = "",
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """Audit a lockout (failed sign-ins themselves are audited by editorial)."""
    services.lockout_record(username=username or "", ip=ip_address)


def connect() -> None:
    """Connect the receivers once."""
    user_locked_out.connect(locked_out, dispatch_uid="identity-locked-out")
