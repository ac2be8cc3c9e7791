"""Wagtail hooks: the labelled document link handler, and document approval in the admin."""

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.rich_text.feature_registry import FeatureRegistry

from keydocs import admin_views, views
from keydocs.rich_text import KeyDocumentLinkHandler
from keydocs.selectors import document_files_awaiting_approval
from keydocs.services import APPROVE_PERMISSION

PANEL_LIMIT = 10


@hooks.register("register_rich_text_features", order=100)
def register_document_link_handler(features: FeatureRegistry) -> None:
    """Replace Wagtail's document link handler (registered at order 0) with ours."""
    features.register_link_type(KeyDocumentLinkHandler)


@hooks.register("register_admin_urls")
def register_approval_urls() -> list[URLPattern]:
    """The approval queue and the actions on one document file."""
    return [
        path("documents/approvals/", admin_views.approvals, name="keydocs_approvals"),
        path(
            "documents/files/<int:version_id>/approve/",
            admin_views.approve,
            name="keydocs_file_approve",
        ),
        path(
            "documents/files/<int:version_id>/request-changes/",
            admin_views.request_changes,
            name="keydocs_file_request_changes",
        ),
        path(
            "documents/files/<int:version_id>/rescan/",
            admin_views.rescan,
            name="keydocs_file_rescan",
        ),
        path(
            "documents/files/<int:version_id>/preview/",
            admin_views.preview,
            name="keydocs_file_preview",
        ),
    ]


class ApprovalMenuItem(MenuItem):
    """Shown to those who may approve documents."""

    def is_shown(self, request: HttpRequest) -> bool:
        """Only for holders of the approve permission."""
        return request.user.has_perm(APPROVE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_approval_menu_item() -> MenuItem:
    """A menu entry for the approval queue."""
    return ApprovalMenuItem(
        "Document approvals", reverse("keydocs_approvals"), icon_name="doc-full", order=410
    )


class AwaitingApprovalPanel(Component):
    """The moderation dashboard's list of document files awaiting approval."""

    name = "documents_awaiting_approval"
    template_name = "keydocs/panels/awaiting_approval.html"
    order = 220

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        """The oldest drafts first, and how many there are."""
        drafts = document_files_awaiting_approval()
        return {"drafts": list(drafts[:PANEL_LIMIT]), "count": drafts.count()}


@hooks.register("construct_homepage_panels")
def add_awaiting_approval_panel(request: HttpRequest, panels: list[Component]) -> None:
    """Moderators and document managers see drafts waiting for them on the dashboard."""
    if request.user.has_perm(APPROVE_PERMISSION):
        panels.append(AwaitingApprovalPanel())


@hooks.register("register_log_actions")
def register_document_log_actions(actions: Any) -> None:
    """The document lifecycle's entries in the audit log and the document's history."""
    actions.register_action("keydocs.file_submitted", "Submit file", "File submitted for approval")
    actions.register_action("keydocs.file_approved", "Approve file", "File approved and published")
    actions.register_action("keydocs.changes_requested", "Request changes", "Changes requested")
    actions.register_action(
        "keydocs.file_infected", "Infected file", "File infected: quarantined and not published"
    )


@hooks.register("register_admin_urls")
def register_upload_urls() -> list[URLPattern]:
    """The "Add a document" view, reporting an infected upload at once (`keydocs.views`)."""
    return views.upload_admin_urls()
