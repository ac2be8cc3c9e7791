"""The audit trail's second copy: one JSON object a line on stdout, for central logging.

Wagtail's audit log (Reports → Site history) stays the record of truth. Every log entry written
there is also logged here, after its transaction commits, with who, what, which object, when and
from which IP address.
"""

import contextvars
import json
import logging
import sys

from django.conf import settings

AUDIT_LOGGER_NAME = "portal.audit"
logger = logging.getLogger(AUDIT_LOGGER_NAME)

_current_request = contextvars.ContextVar("audit_current_request", default=None)


class CurrentStdoutHandler(logging.StreamHandler):
    """Writes each record to the process's stdout as it is at that moment."""

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        """The stream is always the current stdout; a replacement is ignored."""


def client_ip_from_request(request):
    """The client's address: a trusted proxy header when configured, otherwise REMOTE_ADDR."""
    header = settings.PORTAL_AUDIT_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class AuditRequestMiddleware:
    """Remembers the request being handled, so audit lines can name its IP address and view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request():
    """The request being handled in this thread or task, or None outside a request."""
    return _current_request.get()


def current_client_ip():
    """The IP address of the request being handled, or None outside a request."""
    request = current_request()
    return client_ip_from_request(request) if request is not None else None


def current_view_name():
    """The URL name (with namespace) of the view handling the current request, if any."""
    request = current_request()
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


def audit_record_for(log_entry, *, ip):
    """The JSON-ready dictionary describing one Wagtail log entry."""
    user = log_entry.user
    content_type = log_entry.content_type
    return {
        "type": "audit",
        "timestamp": log_entry.timestamp.isoformat(),
        "action": log_entry.action,
        "user_id": user.pk if user else None,
        "username": user.get_username() if user else log_entry.data.get("username"),
        "object_type": f"{content_type.app_label}.{content_type.model}" if content_type else None,
        "object_id": str(log_entry.object_id),
        "object_label": log_entry.label,
        "ip": ip,
        "uuid": str(log_entry.uuid) if log_entry.uuid else None,
    }


def audit_line_write(record):
    """Write one audit record to stdout as a single line of JSON."""
    logger.info(json.dumps(record, ensure_ascii=False, sort_keys=True, default=str))
