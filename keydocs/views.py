"""Serving document files with safe headers, and only to those allowed to see them; and the
"Add a document" view, which says at once when the upload was found infected."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import Storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.documents.views.documents import CreateView
from wagtail.documents.views.serve import serve as wagtail_serve

from keydocs.models import DocumentFile
from keydocs.selectors import document_is_approved, document_is_restricted

DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
# Chrome and Safari cannot show a PDF in a sandboxed document, so inline PDFs skip `sandbox`.
INLINE_PDF_CSP = "default-src 'none'; frame-ancestors 'none'"


@require_safe
def serve_document(
    request: HttpRequest, document_id: int | str, document_filename: str
) -> HttpResponseBase:
    """Serve a document through Wagtail (view restrictions, streaming, ETag), then harden it.

    Documents without an approved file (drafts, unscanned or infected uploads) are 404.
    Adds nosniff and a strict CSP to every file response (sandboxed for downloads), forces a
    download for anything but PDF, and stops shared caches keeping restricted documents.
    """
    if not str(document_id).isdigit() or not document_is_approved(int(document_id)):
        raise Http404("No approved file for this document.")
    restricted = document_is_restricted(int(document_id))
    if not restricted and settings.PORTAL_DOCUMENT_DOWNLOAD == "redirect":
        redirect = signed_url_redirect(request, int(document_id), document_filename)
        if redirect is not None:
            return redirect
    response = wagtail_serve(request, document_id, document_filename)
    response["X-Content-Type-Options"] = "nosniff"
    if response.status_code == 200 or response.status_code == 304:
        inline = response.get("Content-Disposition", "").startswith("inline")
        response["Content-Security-Policy"] = INLINE_PDF_CSP if inline else DOWNLOAD_CSP
        response["Referrer-Policy"] = "no-referrer"
    if restricted:
        response["Cache-Control"] = "private, no-store"
    elif response.status_code == 200 and "Cache-Control" not in response:
        response["Cache-Control"] = "public, max-age=300"
    return response


def stores_files_remotely(storage: Storage) -> bool:
    """Whether the storage has no local paths (S3 and the like)."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return True
    return False


def signed_url_redirect(
    request: HttpRequest, document_id: int, document_filename: str
) -> HttpResponseBase | None:
    """A redirect to a short-lived signed URL for a public document on a remote store.

    None when the file is on local disk (then it is streamed). Runs Wagtail's serve checks
    (matching filename, `before_serve_document` hooks) and sends `document_served`, as
    Wagtail's view does. The redirect is never stored by a shared cache: the URL expires.
    """
    document_model = get_document_model()
    document = get_object_or_404(document_model, id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")
    storage = document.file.storage
    if not stores_files_remotely(storage):
        return None
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    document_served.send(sender=document_model, instance=document, request=request)
    inline = document.content_type in settings.WAGTAILDOCS_INLINE_CONTENT_TYPES
    disposition = "inline" if inline else "attachment"
    url = storage.url(
        document.file.name,
        parameters={
            "ResponseContentDisposition": (
                f"{disposition}; filename*=UTF-8''{quote(document.filename)}"
            ),
            "ResponseContentType": document.content_type,
        },
        expire=settings.AWS_QUERYSTRING_EXPIRE,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def infected_upload_message(version: DocumentFile) -> str:
    """What the uploader is told when their file was found infected."""
    signature = f" ({version.scan_detail})" if version.scan_detail else ""
    return (
        f"“{version.original_name}” was infected with a virus{signature}. It has been "
        "quarantined and was not published. Check the original with your IT security team "
        "and upload a clean copy."
    )


class DocumentCreateView(CreateView):
    """Wagtail's "Add a document" view. When the virus scan ran during the request (the
    immediate task backend) and found the file infected, the response says so instead of
    "added"; with a background worker the uploader is e-mailed instead
    (`keydocs.processing`). tests/keydocs/test_upload_results.py fails if Wagtail changes
    the `save_action` step this relies on."""

    def save_action(self) -> HttpResponse:
        """Report an infected upload as an error; otherwise Wagtail's own response."""
        infected = self.object.files.filter(scan_state=DocumentFile.ScanState.INFECTED).first()
        if infected is None or self.expects_json_response:
            return super().save_action()
        messages.error(self.request, infected_upload_message(infected))
        return redirect(self.get_success_url())


def upload_admin_urls() -> list[URLPattern]:
    """The admin address of "Add a document", served by `DocumentCreateView`; registered
    ahead of Wagtail's own by the hook's `order=-1` (`keydocs.wagtail_hooks`)."""
    return [path("documents/add/", DocumentCreateView.as_view(), name="keydocs_document_add")]
