"""Writes with rules, by concern: governance (groups and permissions), the moderation workflow,
audit-log entries, redirect import and review reminders.

Callers use `from editorial import services` and the names below; each lives in its own module.
"""

from .audit_log import (
    audit_document_change_record,
    audit_login_failure_record,
    audit_login_record,
)
from .backup import BackupError, RestoreResult, backup_create, backup_restore, backup_verify
from .governance import (
    DOCUMENT_MANAGERS,
    EDITORS,
    GOVERNANCE_GROUPS,
    MODERATORS,
    SITE_ADMINISTRATORS,
    governance_ensure,
)
from .heartbeat import HEARTBEAT_KEY, heartbeat_record
from .redirects import RedirectImportError, RedirectImportResult, redirects_import
from .reminders import ReviewReminderResult, review_reminders_send
from .workflow import REVIEW_TASK_NAME, WORKFLOW_NAME, section_root_page, workflow_ensure

__all__ = [
    "BackupError",
    "RestoreResult",
    "backup_create",
    "backup_restore",
    "backup_verify",
    "HEARTBEAT_KEY",
    "DOCUMENT_MANAGERS",
    "EDITORS",
    "GOVERNANCE_GROUPS",
    "MODERATORS",
    "REVIEW_TASK_NAME",
    "SITE_ADMINISTRATORS",
    "WORKFLOW_NAME",
    "RedirectImportError",
    "RedirectImportResult",
    "ReviewReminderResult",
    "audit_document_change_record",
    "audit_login_failure_record",
    "audit_login_record",
    "governance_ensure",
    "heartbeat_record",
    "redirects_import",
    "review_reminders_send",
    "section_root_page",
    "workflow_ensure",
]
