"""The public library of key documents."""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField

from keydocs.filters import KeyDocumentFilterForm
from keydocs.selectors import public_documents, with_document_versions
from records.models import DocumentCategory
from richtext.fields import RichTextField

from .base import BasePage

DOCUMENTS_PER_PAGE = 20
MAX_PAGE_PARAM_LENGTH = 6


class KeyDocumentsPage(BasePage):
    """Lists every public document, filterable by category, type and year, in pages of 20."""

    page_description = (
        "A library of documents that visitors filter by category, type and year. Usually "
        "one per section."
    )

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "document-link"],
        help_text="Optional text shown above the list, e.g. how to ask for other formats.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    api_fields = [*BasePage.api_fields, APIField("introduction")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "key documents page"

    def get_listing(self, request: HttpRequest) -> dict[str, Any]:
        """Filter and page the public documents from the query string; collect any errors."""
        documents = with_document_versions(public_documents())
        years = sorted(
            {date.year for date in documents.dates("publication_date", "year")}, reverse=True
        )
        categories = DocumentCategory.objects.filter(live=True, documents__isnull=False).distinct()
        form = KeyDocumentFilterForm(request.GET or None, categories=categories, years=years)
        errors = []
        if form.is_bound:
            if form.is_valid():
                documents = form.filter(documents)
            else:
                errors = [message for messages in form.errors.values() for message in messages]
        paginator = Paginator(documents, DOCUMENTS_PER_PAGE)
        raw_page = request.GET.get("page", "1")
        page_number = None
        if raw_page.isdigit() and len(raw_page) <= MAX_PAGE_PARAM_LENGTH:
            page_number = int(raw_page)
        if page_number is None or page_number < 1:
            errors.append("The page number must be a whole number of 1 or more.")
            page_number = 1
        elif page_number > paginator.num_pages:
            errors.append(
                f"There is no page {page_number}; the list has {paginator.num_pages} "
                f"page{'' if paginator.num_pages == 1 else 's'}."
            )
            page_number = 1
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filter_form": form,
            "filter_errors": errors,
            "documents_page": paginator.page(page_number),
            "filter_query": query.urlencode(),
        }

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> TemplateResponse:
        """Render the list; a bad filter or page number answers 400 with the reason shown."""
        context = self.get_context(request, *args, **kwargs)
        context.update(self.get_listing(request))
        status = 400 if context["filter_errors"] else 200
        return TemplateResponse(
            request, self.get_template(request, *args, **kwargs), context, status=status
        )
