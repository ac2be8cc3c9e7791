"""Signals the document models send; `keydocs.receivers` connects the services to them."""

from django.dispatch import Signal

# Sent by `DocumentFile.publish` before Wagtail publishes the revision, with `instance`,
# `user` and `comment`; the receiver applies the approval rule and may raise ValidationError.
document_file_publishing = Signal()
