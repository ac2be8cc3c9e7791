"""Serving document files with safe headers, and only to those allowed to see them."""

from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_safe
from wagtail.documents.views.serve import serve as wagtail_serve

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
    response = wagtail_serve(request, document_id, document_filename)
    restricted = document_is_restricted(int(document_id))
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
