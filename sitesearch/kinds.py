"""The kinds of thing the public search finds: pages, documents, working groups, roles,
organisations and countries.

The only module of `sitesearch` that imports record and page models, so moving them touches
this file alone.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from keydocs.labels import document_meta
from keydocs.selectors import public_documents as public_document_queryset
from pages.models import Country, DocumentCategory, Organisation, Role, WorkingGroupPage
from pages.selectors import pages_showing_roles

from .registry import SearchKind, search_kinds


def public_pages(
    site: Site | None, *, kind_slug: str = "page", model: type[Page] = Page
) -> QuerySet:
    """Live pages without view restrictions, inside `site` when given, of `model`'s type."""
    queryset = model.objects.live().public()
    if site is not None:
        queryset = queryset.in_site(site)
    if model is Page:
        claimed = search_kinds.claimed_page_models(except_slug=kind_slug)
        if claimed:
            queryset = queryset.not_type(*claimed)
    return queryset


def public_documents(site: Site | None) -> QuerySet:
    """Documents the public may see: none from a restricted collection or its descendants."""
    return public_document_queryset()


def category_choices() -> list[tuple[str, str]]:
    """(slug, name) of the live document categories, when some kind can be filtered by one."""
    if not search_kinds.with_categories():
        return []
    return list(DocumentCategory.objects.filter(live=True).values_list("slug", "name"))


def document_date(document: Model) -> datetime | None:
    """The publication date, or the upload date when the publisher gave none."""
    return document.publication_date or document.created_at  # type: ignore[attr-defined]


def attach_role_pages(roles: list[Model]) -> None:
    """Set `search_page` on each role: the public page leading with it, or None."""
    pages = pages_showing_roles([role.pk for role in roles])
    for role in roles:
        role.search_page = pages.get(role.pk)  # type: ignore[attr-defined]


def role_url(role: Model, request: HttpRequest | None) -> str:
    """The URL of the page that leads with this role, or "" when no public page does."""
    if not hasattr(role, "search_page"):
        attach_role_pages([role])
    page = role.search_page  # type: ignore[attr-defined]
    return page.get_url(request=request) if page else ""


def page_url(page: Model, request: HttpRequest | None) -> str:
    """The page's URL relative to the current site where possible."""
    return page.get_url(request=request) or ""  # type: ignore[attr-defined]


def _last_published(obj: Model) -> datetime | None:
    return obj.last_published_at  # type: ignore[attr-defined]


def register_default_kinds() -> None:
    """Register the kinds backed by models that exist today."""
    search_kinds.register(
        SearchKind(
            slug="page",
            label="Page",
            plural="Pages",
            model=Page,
            public_queryset=public_pages,
            url=page_url,
            date=_last_published,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="document",
            label="Document",
            plural="Documents",
            model=get_document_model(),
            public_queryset=public_documents,
            url=lambda document, request: document.url,  # type: ignore[attr-defined]
            date=document_date,
            date_label="Published",
            detail=document_meta,
            category_field="category",
        )
    )
    search_kinds.register(
        SearchKind(
            slug="working-group",
            label="Working group",
            plural="Working groups",
            model=WorkingGroupPage,
            public_queryset=lambda site: public_pages(
                site, kind_slug="working-group", model=WorkingGroupPage
            ),
            url=page_url,
            date=_last_published,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="role",
            label="Role",
            plural="Roles",
            model=Role,
            public_queryset=lambda site: Role.objects.filter(live=True),
            url=role_url,
            prepare=attach_role_pages,
            date=_last_published,
        )
    )
    search_kinds.register(
        SearchKind(
            slug="organisation",
            label="Organisation",
            plural="Organisations",
            model=Organisation,
            public_queryset=lambda site: Organisation.objects.filter(live=True),
            url=lambda organisation, request: organisation.website,  # type: ignore[attr-defined]
            date=_last_published,
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
            date=_last_published,
        )
    )
