"""Admin views for document files: their snippet views in the moderation workflow, a rescan
and a staff preview.

A document file is a Wagtail snippet with the "Section moderation" workflow (see
docs/content-model.md, "Document lifecycle"). Wagtail's views publish it; the approval rule
in `DocumentFile.publish` may refuse (the file is not scanned clean), and these views then
show why instead of failing.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from wagtail.documents.permissions import permission_policy
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, UnpublishView, WorkflowActionView

from keydocs.models import DocumentFile
from keydocs.services import PUBLISH_PERMISSION, document_file_rescan
from keydocs.views import DOWNLOAD_CSP


class DocumentFilePermissionPolicy(ModelPermissionPolicy):
    """Document files come from uploads and go with their document: no one adds, copies,
    deletes or unpublishes one in the snippet views."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        """As Django's model permissions, but never "add" or "delete"."""
        if action in ("add", "delete"):
            return False
        return bool(super().user_has_permission(user, action))


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


class DocumentFileEditView(EditView):
    """The file's page: its facts, and the workflow and publish actions."""

    def run_action_method(self) -> HttpResponse | None:
        """Run publish or a workflow action; a refusal by the approval rule is a message."""
        try:
            with transaction.atomic():
                return super().run_action_method()
        except ValidationError as error:
            _refusal(self.request, error)
            return redirect(self.get_edit_url())


class DocumentFileWorkflowActionView(WorkflowActionView):
    """Approve or request changes from the dashboard; a refusal is a message, nothing changes."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Perform the action, or explain why the approval rule refused it."""
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except ValidationError as error:
            _refusal(request, error)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return self.render_modal_json(
                request, {"step": "success", "redirect": self.redirect_url}
            )
        return redirect(self.redirect_url)


class DocumentFileUnpublishView(UnpublishView):
    """A published file is replaced by approving a new one, never unpublished."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refuse."""
        raise PermissionDenied


def _back(request: HttpRequest, version: DocumentFile) -> HttpResponse:
    """Return to the page the form was on, or to the file's page."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(
        target or reverse("wagtailsnippets_keydocs_documentfile:edit", args=[version.pk])
    )


@require_POST
def rescan(request: HttpRequest, version_id: int) -> HttpResponse:
    """Queue a file's scan again, e.g. after the scanner was unreachable."""
    version = get_object_or_404(DocumentFile, pk=version_id)
    if not permission_policy.user_has_permission_for_instance(
        request.user, "change", version.document
    ):
        raise PermissionDenied
    document_file_rescan(version=version)
    messages.info(request, "The file has been queued for a virus scan.")
    return _back(request, version)


@require_safe
def preview(request: HttpRequest, version_id: int) -> FileResponse:
    """Download a draft for review: for staff who may change or publish it, once scanned clean."""
    version = get_object_or_404(DocumentFile.objects.select_related("document"), pk=version_id)
    if not (
        request.user.has_perm(PUBLISH_PERMISSION)
        or permission_policy.user_has_permission_for_instance(
            request.user, "change", version.document
        )
    ):
        raise PermissionDenied
    if version.scan_state != DocumentFile.ScanState.CLEAN or not version.file:
        raise Http404("This file has not passed its virus scan.")
    response = FileResponse(
        version.file.open("rb"), as_attachment=True, filename=version.original_name
    )
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
