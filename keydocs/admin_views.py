"""Admin views for document approval: the queue, approve, request changes, rescan, preview.

Documents are not Wagtail workflow objects (see docs/content-model.md, "Document lifecycle"),
so moderators approve document files here, reached from the moderation dashboard panel.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe
from wagtail.documents.permissions import permission_policy

from keydocs.models import DocumentFile
from keydocs.selectors import document_files_awaiting_approval
from keydocs.services import (
    APPROVE_PERMISSION,
    document_file_approve,
    document_file_request_changes,
    document_file_rescan,
)
from keydocs.views import DOWNLOAD_CSP


def _back(request: HttpRequest) -> HttpResponse:
    """Return to the page the form was on, or to the approval queue."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("keydocs_approvals")
    return redirect(target or reverse("keydocs_approvals"))


@require_safe
def approvals(request: HttpRequest) -> TemplateResponse:
    """Draft files waiting for approval, with their scan state and the reviewer's actions."""
    return TemplateResponse(
        request,
        "keydocs/approvals.html",
        {
            "drafts": document_files_awaiting_approval(),
            "can_approve": request.user.has_perm(APPROVE_PERMISSION),
        },
    )


@require_POST
def approve(request: HttpRequest, version_id: int) -> HttpResponse:
    """Approve a clean draft: it becomes the document's public file."""
    version = get_object_or_404(DocumentFile, pk=version_id)
    try:
        document_file_approve(
            version=version, user=request.user, comment=request.POST.get("comment", "").strip()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{version.document.title}” is approved and now public.")
    return _back(request)


@require_POST
def request_changes(request: HttpRequest, version_id: int) -> HttpResponse:
    """Send a draft back to its uploader with the reviewer's comment."""
    version = get_object_or_404(DocumentFile, pk=version_id)
    try:
        document_file_request_changes(
            version=version, user=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Changes requested for “{version.document.title}”.")
    return _back(request)


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
    return _back(request)


@require_safe
def preview(request: HttpRequest, version_id: int) -> FileResponse:
    """Download a draft for review: for staff who may change the document, once scanned clean."""
    version = get_object_or_404(DocumentFile.objects.select_related("document"), pk=version_id)
    if not (
        request.user.has_perm(APPROVE_PERMISSION)
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
