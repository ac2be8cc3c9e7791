"""The read API (Wagtail API v2): live, public, approved content, anonymous and read-only.

Every endpoint answers bad query parameters with 400 and a JSON `message`, pages with hard
limits (`WAGTAILAPI_LIMIT_MAX`, `OPENDATA_API_MAX_OFFSET`) and reads a list page in a fixed
number of queries however many items it holds. See docs/api.md.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import DataError
from django.db.models import Model, Prefetch, QuerySet
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.models import Site

from keydocs.models import KeyDocument
from pages.models import (
    ForumMemberGovernment,
    ForumMemberOrganisation,
    ForumPage,
    WorkingGroupCoChair,
    WorkingGroupPage,
)
from records.models import Country, Organisation, Role

from . import selectors


class OpenDataPagination(WagtailPagination):
    """Wagtail's paging with a ceiling on `offset`, so a huge offset is a 400, not a 500."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        """Refuse an offset past `OPENDATA_API_MAX_OFFSET`, then page as Wagtail does."""
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > settings.OPENDATA_API_MAX_OFFSET:
            raise BadRequestError(
                f"offset cannot be higher than {settings.OPENDATA_API_MAX_OFFSET}"
            )
        return super().paginate_queryset(queryset, request, view)


class ReadOnlyEndpointMixin:
    """JSON only, hard paging limits, and bad values answered with 400 instead of 500."""

    renderer_classes: ClassVar[list[type]] = [JSONRenderer]
    authentication_classes: ClassVar[list[type]] = []
    permission_classes: ClassVar[list[type]] = [AllowAny]
    pagination_class = OpenDataPagination
    http_method_names: ClassVar[list[str]] = ["get", "head", "options"]

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Refuse a NUL character in any query value before anything reads it."""
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise BadRequestError("query values cannot contain NUL characters")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def check_query_parameters(self, queryset: Any) -> None:
        """Refuse `search` (the site search's job) rather than ignore it, then check as Wagtail."""
        refused = sorted({"search", "search_operator"} & set(self.request.GET))  # type: ignore[attr-defined]
        if refused:
            raise BadRequestError(f"this API does not search: {', '.join(refused)}")
        super().check_query_parameters(queryset)  # type: ignore[misc]

    def handle_exception(self, exc: Exception) -> Response:
        """A value the database cannot hold, or one naming nothing (`site=`), is a bad request."""
        if isinstance(exc, DataError | OverflowError):
            return Response({"message": "a query value is out of range"}, status=400)
        if isinstance(exc, ObjectDoesNotExist):
            return Response({"message": f"not found: {exc}"}, status=400)
        return super().handle_exception(exc)  # type: ignore[misc]


class LiveNameField(serializers.Field):
    """A related record as {id, name}, or null when the record is not live."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance: Model) -> Any:
        """The related record, or None when it is missing or unpublished."""
        record = getattr(instance, self.source, None)
        return record if record is not None and getattr(record, "live", True) else None

    def to_representation(self, value: Any) -> dict[str, Any]:
        """The record's id and name."""
        return {"id": value.pk, "name": getattr(value, "name", str(value))}


class ListField(serializers.Field):
    """A list computed by a selector or prefetched onto the instance (a `to_attr` name)."""

    def __init__(self, *, represent: Any, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        self.represent = represent
        super().__init__(**kwargs)

    def get_attribute(self, instance: Model) -> Any:
        """The prefetched list named by `source`."""
        return getattr(instance, self.source)

    def to_representation(self, value: Any) -> list[Any]:
        """Each item through `represent`."""
        return [self.represent(item) for item in value]


def _country(country: Country) -> dict[str, Any]:
    return {"id": country.pk, "name": country.name, "iso_code": country.iso_code}


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {"id": organisation.pk, "name": organisation.name, "acronym": organisation.acronym}


def _co_chair(co_chair: WorkingGroupCoChair) -> dict[str, Any]:
    agency = co_chair.lead_agency
    return {
        "country": _country(co_chair.country),
        "lead_agency": _organisation(agency) if agency is not None and agency.live else None,
    }


class PublicPagesAPIViewSet(ReadOnlyEndpointMixin, PagesAPIViewSet):
    """Live, public pages of the site with their page type's structured fields."""

    meta_fields: ClassVar[list[str]] = [*PagesAPIViewSet.meta_fields, "last_published_at"]
    # A body reads the records its blocks choose, so it is served one page at a time.
    detail_only_fields: ClassVar[list[str]] = [*PagesAPIViewSet.detail_only_fields, "body"]

    def get_queryset(self) -> Any:
        """Wagtail's live, public pages of the site, with their locale read in the same query."""
        return super().get_queryset().select_related("locale")


class PublicDocumentsAPIViewSet(ReadOnlyEndpointMixin, DocumentsAPIViewSet):
    """Public documents (keydocs' public selector) with the facts read from their files."""

    filter_backends: ClassVar[list[type]] = [FieldsFilter, OrderingFilter]
    body_fields: ClassVar[list[Any]] = [
        "id",
        "title",
        "description",
        "document_type",
        "publication_date",
        "language",
        APIField("file_type", serializer=serializers.CharField(source="kind_label")),
        APIField("mime_type", serializer=serializers.CharField(source="content_type")),
        "file_size",
        "page_count",
        "sha256",
        APIField("updated", serializer=serializers.DateTimeField(source="updated_at")),
        APIField("category", serializer=LiveNameField()),
        APIField("publisher", serializer=LiveNameField()),
    ]
    meta_fields: ClassVar[list[str]] = ["type", "detail_url", "download_url"]
    listing_default_fields: ClassVar[list[str]] = [
        "id",
        "type",
        "detail_url",
        "download_url",
        "title",
        "document_type",
        "updated",
    ]
    nested_default_fields: ClassVar[list[str]] = ["id", "type", "detail_url", "title"]
    model = KeyDocument

    def get_queryset(self) -> QuerySet[KeyDocument]:
        """Public documents, newest change first."""
        return selectors.documents_by_update()


class RecordAPIViewSet(ReadOnlyEndpointMixin, BaseAPIViewSet):
    """Live records of one model; drafts and unpublished records are never returned."""

    filter_backends: ClassVar[list[type]] = [FieldsFilter, OrderingFilter]
    meta_fields: ClassVar[list[str]] = ["type", "detail_url"]

    def get_queryset(self) -> QuerySet[Any]:
        """The model's live records in id order."""
        return self.model.objects.filter(live=True).order_by("id")


class CountriesAPIViewSet(RecordAPIViewSet):
    """Countries."""

    name = "countries"
    model = Country
    body_fields: ClassVar[list[Any]] = ["id", "name", "iso_code"]
    listing_default_fields: ClassVar[list[str]] = ["id", "type", "detail_url", "name", "iso_code"]


class OrganisationsAPIViewSet(RecordAPIViewSet):
    """Organisations."""

    name = "organisations"
    model = Organisation
    body_fields: ClassVar[list[Any]] = ["id", "name", "acronym", "kind", "website"]
    listing_default_fields: ClassVar[list[str]] = ["id", "type", "detail_url", "name", "acronym"]


class RolesAPIViewSet(RecordAPIViewSet):
    """Roles with their current title and organisation."""

    name = "roles"
    model = Role
    body_fields: ClassVar[list[Any]] = [
        "id",
        "title",
        "current_title_since",
        "description",
        APIField("organisation", serializer=LiveNameField()),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id",
        "type",
        "detail_url",
        "title",
        "organisation",
    ]

    def get_queryset(self) -> QuerySet[Role]:
        """Live roles with their organisation."""
        return super().get_queryset().select_related("organisation")


class HtmlUrlField(serializers.Field):
    """The page's public address."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, page: Any) -> str | None:
        """The full URL of the page on its site."""
        return page.get_full_url(self.context["request"])


class PageRecordAPIViewSet(ReadOnlyEndpointMixin, BaseAPIViewSet):
    """Live, public pages of one type with records computed for them."""

    filter_backends: ClassVar[list[type]] = [FieldsFilter, OrderingFilter]
    meta_fields: ClassVar[list[Any]] = [
        "type",
        "detail_url",
        APIField("html_url", serializer=HtmlUrlField()),
    ]

    def get_page_queryset(self) -> QuerySet[Any]:
        """The site's live, public pages of the model, in tree order."""
        site = Site.find_for_request(self.request)
        if site is None:
            return self.model.objects.none()
        site_pages = selectors.site_pages(site)
        return self.model.objects.filter(pk__in=site_pages.values("pk")).order_by("path")


class WorkingGroupsAPIViewSet(PageRecordAPIViewSet):
    """Working groups with their live co-chairs and lead agencies."""

    name = "working-groups"
    model = WorkingGroupPage
    body_fields: ClassVar[list[Any]] = [
        "id",
        "title",
        "acronym",
        "kind",
        "status",
        APIField(
            "co_chair_countries", serializer=ListField(represent=_co_chair, source="live_co_chairs")
        ),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "co_chair_countries",
    ]

    def get_queryset(self) -> QuerySet[WorkingGroupPage]:
        """Live, public working groups with their live co-chairs in the editor's order."""
        co_chairs = Prefetch(
            "co_chairs",
            queryset=WorkingGroupCoChair.objects.filter(country__live=True)
            .select_related("country", "lead_agency")
            .order_by("sort_order", "pk"),
            to_attr="live_co_chairs",
        )
        return self.get_page_queryset().prefetch_related(co_chairs)


class ForumsAPIViewSet(PageRecordAPIViewSet):
    """Forums with their computed membership: live member governments and organisations."""

    name = "forums"
    model = ForumPage
    body_fields: ClassVar[list[Any]] = [
        "id",
        "title",
        "full_name",
        "short_name",
        "established_year",
        APIField(
            "member_governments_list",
            serializer=ListField(
                represent=lambda link: _country(link.country), source="live_governments"
            ),
        ),
        APIField(
            "member_organisations_list",
            serializer=ListField(
                represent=lambda link: _organisation(link.organisation),
                source="live_organisations",
            ),
        ),
    ]
    listing_default_fields: ClassVar[list[str]] = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "member_governments_list",
        "member_organisations_list",
    ]

    def get_queryset(self) -> QuerySet[ForumPage]:
        """Live, public forums with their live members in the editor's order."""
        governments = Prefetch(
            "member_governments",
            queryset=ForumMemberGovernment.objects.filter(country__live=True)
            .select_related("country")
            .order_by("sort_order", "pk"),
            to_attr="live_governments",
        )
        organisations = Prefetch(
            "member_organisations",
            queryset=ForumMemberOrganisation.objects.filter(organisation__live=True)
            .select_related("organisation")
            .order_by("sort_order", "pk"),
            to_attr="live_organisations",
        )
        return self.get_page_queryset().prefetch_related(governments, organisations)


def build_router() -> WagtailAPIRouter:
    """The API's endpoints; pages first, so a page's `detail_url` points at the pages endpoint."""
    router = WagtailAPIRouter("opendata_api")
    router.register_endpoint("pages", PublicPagesAPIViewSet)
    router.register_endpoint("documents", PublicDocumentsAPIViewSet)
    router.register_endpoint("countries", CountriesAPIViewSet)
    router.register_endpoint("organisations", OrganisationsAPIViewSet)
    router.register_endpoint("roles", RolesAPIViewSet)
    router.register_endpoint("working-groups", WorkingGroupsAPIViewSet)
    router.register_endpoint("forums", ForumsAPIViewSet)
    return router


api_router = build_router()
