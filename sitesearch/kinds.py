"""The search kinds that exist today: pages, documents, organisations and countries.

After the content-model and key-documents branches merge, working groups and roles register here
too (see docs/decisions/006-site-search.md for the exact lines).
"""

from django.template.defaultfilters import filesizeformat
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page

from pages.models import Country, Organisation

from .registry import SearchKind, search_kinds


def public_pages(site, *, kind_slug="page", model=Page):
    """Live pages without view restrictions, inside `site` when given, of `model`'s type."""
    queryset = model.objects.live().public()
    if site is not None:
        queryset = queryset.in_site(site)
    if model is Page:
        claimed = search_kinds.claimed_page_models(except_slug=kind_slug)
        if claimed:
            queryset = queryset.not_type(*claimed)
    return queryset


def public_collection_ids():
    """Ids of collections with no view restriction on themselves or any ancestor."""
    restricted_paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )
    return [
        collection_id
        for collection_id, path in Collection.objects.values_list("id", "path")
        if not any(path.startswith(restricted) for restricted in restricted_paths)
    ]


def public_documents(site):
    """Documents whose collection, and every ancestor collection, is unrestricted."""
    return get_document_model().objects.filter(collection_id__in=public_collection_ids())


def document_detail(document):
    """The file type and size, e.g. "PDF, 1.2 MB"."""
    parts = []
    if document.file_extension:
        parts.append(document.file_extension.upper())
    if document.file_size:
        parts.append(filesizeformat(document.file_size).replace("\xa0", " "))
    return ", ".join(parts)


def page_url(page, request):
    """The page's URL relative to the current site where possible."""
    return page.get_url(request=request) or ""


def register_default_kinds():
    """Register the kinds backed by models that exist today."""
    search_kinds.register(
        SearchKind(
            slug="page",
            label="Page",
            plural="Pages",
            model=Page,
            public_queryset=public_pages,
            url=page_url,
            date=lambda page: page.last_published_at,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="document",
            label="Document",
            plural="Documents",
            model=get_document_model(),
            public_queryset=public_documents,
            url=lambda document, request: document.url,
            date=lambda document: document.created_at,
            date_label="Added",
            detail=document_detail,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="organisation",
            label="Organisation",
            plural="Organisations",
            model=Organisation,
            public_queryset=lambda site: Organisation.objects.filter(live=True),
            url=lambda organisation, request: organisation.website,
            date=lambda organisation: organisation.last_published_at,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="country",
            label="Country",
            plural="Countries",
            model=Country,
            public_queryset=lambda site: Country.objects.filter(live=True),
            url=lambda country, request: "",
            date=lambda country: country.last_published_at,
        )
    )
