"""Wagtail hooks: the labelled document link handler, and document files as workflow snippets."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.panels import HelpPanel
from wagtail.rich_text.feature_registry import FeatureRegistry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from keydocs import admin_views, views
from keydocs.models import DocumentFile
from keydocs.rich_text import KeyDocumentLinkHandler


@hooks.register("register_rich_text_features", order=100)
def register_document_link_handler(features: FeatureRegistry) -> None:
    """Replace Wagtail's document link handler (registered at order 0) with ours."""
    features.register_link_type(KeyDocumentLinkHandler)


@hooks.register("register_admin_urls")
def register_document_file_urls() -> list[URLPattern]:
    """A rescan of one document file, and its staff preview."""
    return [
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


class DocumentFileViewSet(SnippetViewSet):
    """Uploaded files as snippets in the "Section moderation" workflow: editors submit them,
    moderators approve or request changes, document managers publish them directly."""

    model = DocumentFile
    icon = "doc-full"
    menu_label = "Document files"
    menu_name = "document-files"
    menu_order = 410
    add_to_admin_menu = True
    list_display = ["document", "original_name", "status", "scan_state", "uploaded_by"]
    list_filter = ["status", "scan_state"]
    ordering = ["-uploaded_at", "-pk"]
    copy_view_enabled = False
    edit_view_class = admin_views.DocumentFileEditView
    workflow_action_view_class = admin_views.DocumentFileWorkflowActionView
    unpublish_view_class = admin_views.DocumentFileUnpublishView
    panels = [
        HelpPanel(template="keydocs/panels/document_file.html", heading="File for approval"),
    ]

    @cached_property
    def permission_policy(self) -> admin_views.DocumentFilePermissionPolicy:
        """Change, publish and lock as the groups allow; never add or delete."""
        return admin_views.DocumentFilePermissionPolicy(self.model)


register_snippet(DocumentFileViewSet)


@hooks.register("construct_snippet_action_menu")
def hide_unpublish(menu_items: list[Any], request: HttpRequest, context: dict[str, Any]) -> None:
    """A published document file is replaced, never unpublished."""
    if context.get("model") is DocumentFile:
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("before_bulk_action")
def refuse_deleting_document_files(
    request: HttpRequest, action_type: str, objects: list[Any], action: Any
) -> None:
    """Document files go with their document: not even a superuser bulk-deletes them."""
    if action_type == "delete" and getattr(action, "model", None) is DocumentFile:
        raise PermissionDenied


@hooks.register("register_log_actions")
def register_document_log_actions(actions: Any) -> None:
    """The document lifecycle's entries in the audit log and the document's history."""
    actions.register_action("keydocs.file_submitted", "Submit file", "File submitted for approval")
    actions.register_action("keydocs.file_approved", "Approve file", "File approved and published")
    actions.register_action("keydocs.changes_requested", "Request changes", "Changes requested")
    actions.register_action(
        "keydocs.file_infected", "Infected file", "File infected: quarantined and not published"
    )


@hooks.register("register_admin_urls", order=-1)
def register_upload_urls() -> list[URLPattern]:
    """The "Add a document" view, reporting an infected upload at once (`keydocs.views`)."""
    return views.upload_admin_urls()
