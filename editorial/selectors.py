"""Cross-model reads for the editorial tools and the public templates."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Site, get_page_models

from pages.models import BasePage

from .models import PortalSettings

REVIEW_HORIZON_DAYS = 30


@dataclass
class ReviewDue:
    """Live pages whose review date has passed, and those due within the horizon."""

    overdue: list[BasePage]
    due_soon: list[BasePage]


def reviewable_page_models() -> list[type[BasePage]]:
    """Every concrete page type that has a review date."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]


def pages_due_for_review(
    *, today: datetime.date | None = None, within_days: int = REVIEW_HORIZON_DAYS
) -> ReviewDue:
    """Live pages due for review by `today + within_days`, earliest first, with their owners.

    One query per page type that has a review date.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    seen: set[int] = set()
    dated: list[tuple[datetime.date, BasePage]] = []
    for model in reviewable_page_models():
        for page in (
            model.objects.live()
            .filter(review_date__lte=horizon)
            .select_related("owner")
            .order_by("review_date", "pk")
        ):
            if page.pk not in seen and page.review_date is not None:
                seen.add(page.pk)
                dated.append((page.review_date, page))
    dated.sort(key=lambda item: (item[0], item[1].title))
    return ReviewDue(
        overdue=[page for review_date, page in dated if review_date < today],
        due_soon=[page for review_date, page in dated if review_date >= today],
    )


def portal_settings_for_request(request: HttpRequest) -> PortalSettings | None:
    """The PortalSettings of the site serving `request`, or None when no site matches."""
    if Site.find_for_request(request) is None:
        return None
    return PortalSettings.for_request(request)


def accessible_format_url(portal_settings: PortalSettings | None) -> str:
    """Where the public asks for a document in another format.

    The live page chosen in the site settings, falling back to PORTAL_ACCESSIBLE_FORMAT_URL.
    """
    page = portal_settings.accessible_format_page if portal_settings is not None else None
    if page is not None and page.live and page.url:
        return page.url
    return settings.PORTAL_ACCESSIBLE_FORMAT_URL


def department_name(portal_settings: PortalSettings | None) -> str:
    """The department name from the site settings, falling back to PORTAL_DEPARTMENT_NAME."""
    if portal_settings is not None and portal_settings.department_name:
        return portal_settings.department_name
    return settings.PORTAL_DEPARTMENT_NAME
