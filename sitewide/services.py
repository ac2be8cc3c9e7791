"""Writes with rules for site-wide features: accessible format requests."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from records.models import ContactPoint
from records.selectors import contact_point_email

from .models import AccessibleFormatRequest

logger = logging.getLogger(__name__)


def accessible_format_request_submit(
    *, request: AccessibleFormatRequest, contact: ContactPoint | None
) -> AccessibleFormatRequest:
    """Store the request for staff, then e-mail the contact point through Django's backend.

    A missing address or a mail server fault is logged and recorded (`emailed` stays False);
    the request is kept either way so staff can answer it from the admin.
    """
    request.contact_point = contact
    request.sent_to = contact_point_email(contact)
    request.save()
    if not request.sent_to:
        logger.warning("Accessible format request %s: no contact e-mail configured", request.pk)
        return request
    body = (
        f"{request.name} <{request.email}> asks for “{request.document_title}” "
        f"as: {request.get_format_display()}.\n\n"
        f"Details: {request.details or '(none)'}\n\n"
        f"Request number {request.pk}. Reply to the requester at {request.email}."
    )
    try:
        send_mail(
            subject=f"Accessible format request: {request.document_title}"[:150],
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[request.sent_to],
        )
    except OSError:
        logger.exception("Accessible format request %s: the e-mail could not be sent", request.pk)
        return request
    request.emailed = True
    request.save(update_fields=["emailed"])
    return request
