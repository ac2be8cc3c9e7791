"""Signal receivers feeding the audit trail, wired in EditorialConfig.ready().

The house rule keeps signals for cache invalidation; these are the documented exception
(docs/decisions/004-editorial-governance.md): Wagtail offers no hook when a log entry is written,
Django reports log-ins only through auth signals, and Wagtail's multiple-upload, chooser-upload
and bulk-delete views for documents write no log entry at all.
"""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

from . import audit, services
from .moderation import task_state_decision_guard

# Wagtail's own document views (and `keydocs`' "Add a document", a subclass of Wagtail's) that
# already write a log entry for what they do.
DOCUMENT_VIEWS_THAT_LOG = frozenset(
    {"wagtaildocs:add", "keydocs_document_add", "wagtaildocs:edit", "wagtaildocs:delete"}
)


def log_entry_saved(sender, instance, created, **kwargs):
    """Copy a new Wagtail log entry to stdout once its transaction commits."""
    if not created:
        return
    record = audit.audit_record_for(instance, ip=audit.current_client_ip())
    transaction.on_commit(lambda: audit.audit_line_write(record))


def logged_in(sender, request, user, **kwargs):
    services.audit_login_record(user=user, request=request)


def login_failed(sender, credentials, request=None, **kwargs):
    services.audit_login_failure_record(username=credentials.get("username", ""), request=request)


def document_saved(sender, instance, created, raw=False, **kwargs):
    if raw or audit.current_view_name() in DOCUMENT_VIEWS_THAT_LOG:
        return
    services.audit_document_change_record(
        document=instance, action="wagtail.create" if created else "wagtail.edit"
    )


def document_deleted(sender, instance, **kwargs):
    if audit.current_view_name() in DOCUMENT_VIEWS_THAT_LOG:
        return
    services.audit_document_change_record(document=instance, action="wagtail.delete")


def connect():
    """Wire the receivers; called once from the app config."""
    for log_entry_model in (PageLogEntry, ModelLogEntry):
        post_save.connect(
            log_entry_saved,
            sender=log_entry_model,
            dispatch_uid=f"audit-{log_entry_model.__name__}",
        )
    pre_save.connect(
        task_state_decision_guard, sender=TaskState, dispatch_uid="moderation-decision-guard"
    )
    user_logged_in.connect(logged_in, dispatch_uid="audit-login")
    user_login_failed.connect(login_failed, dispatch_uid="audit-login-failed")
    document_model = get_document_model()
    post_save.connect(document_saved, sender=document_model, dispatch_uid="audit-document-saved")
    post_delete.connect(
        document_deleted, sender=document_model, dispatch_uid="audit-document-deleted"
    )
