"""Cross-model reads for the editorial tools."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import get_page_models

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
