"""Cross-model reads for the editorial tools and the public templates."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from wagtail.models import Site, get_page_models

from pages.models import BasePage

REVIEW_HORIZON_DAYS = 30


@dataclass
class ReviewDue:
    """Live pages whose review date has passed, and those due within the horizon."""

    overdue: list
    due_soon: list


def reviewable_page_models():
    """Every concrete page type that has a review date."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]


def pages_due_for_review(*, today=None, within_days=REVIEW_HORIZON_DAYS):
    """Live pages due for review by `today + within_days`, earliest first, with their owners.

    One query per page type that has a review date.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    seen, pages = set(), []
    for model in reviewable_page_models():
        for page in (
            model.objects.live()
            .filter(review_date__lte=horizon)
            .select_related("owner")
            .order_by("review_date", "pk")
        ):
            if page.pk not in seen:
                seen.add(page.pk)
                pages.append(page)
    pages.sort(key=lambda page: (page.review_date, page.title))
    return ReviewDue(
        overdue=[page for page in pages if page.review_date < today],
        due_soon=[page for page in pages if page.review_date >= today],
    )


def portal_settings_for_request(request):
    """The PortalSettings of the site serving `request`, or None when no site matches."""
    from .models import PortalSettings

    if Site.find_for_request(request) is None:
        return None
    return PortalSettings.for_request(request)


def accessible_format_url(portal_settings):
    """Where the public asks for a document in another format.

    The live page chosen in the site settings, falling back to PORTAL_ACCESSIBLE_FORMAT_URL.
    """
    page = portal_settings.accessible_format_page if portal_settings is not None else None
    if page is not None and page.live and page.url:
        return page.url
    return settings.PORTAL_ACCESSIBLE_FORMAT_URL


def department_name(portal_settings):
    """The department name from the site settings, falling back to PORTAL_DEPARTMENT_NAME."""
    if portal_settings is not None and portal_settings.department_name:
        return portal_settings.department_name
    return settings.PORTAL_DEPARTMENT_NAME
