"""Audit-log entries for sign-ins and document changes that Wagtail does not log itself."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from editorial import audit


def audit_login_record(*, user: Model, request: HttpRequest | None) -> None:
    """Record a successful log-in in Wagtail's audit log."""
    log(user, "editorial.login", user=user, data={"ip": _ip(request)})


def audit_login_failure_record(*, username: str, request: HttpRequest | None) -> None:
    """Record a failed log-in in Wagtail's audit log, against the account when it exists."""
    user_model = get_user_model()
    account = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    data = {"username": username, "ip": _ip(request)}
    if account is not None:
        log(account, "editorial.login_failed", user=None, data=data)
        return
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id="0",
        label=f"Unknown user “{username}”",
        action="editorial.login_failed",
        data=data,
        timestamp=timezone.now(),
    )


def audit_document_change_record(*, document: Model, action: str) -> None:
    """Record a document upload, edit or deletion that Wagtail's own view did not log."""
    log(document, action, content_changed=action != "wagtail.delete")


def _ip(request: HttpRequest | None) -> str | None:
    return audit.client_ip_from_request(request) if request is not None else None
