"""Cross-model reads for the editorial tools."""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from wagtail.models import get_page_models

from editorial.models import LinkCheckRun
from pages.models import BasePage

REVIEW_HORIZON_DAYS = 30
# The shared-cache key under which `editorial.services.heartbeat_record` stores a heartbeat.
HEARTBEAT_KEY = "heartbeat:{name}"


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


def heartbeat_age(*, name: str) -> float | None:
    """Seconds since `name` last recorded a heartbeat (`heartbeat_record`), or None if never."""
    recorded = caches[settings.PORTAL_CACHE_ALIAS].get(HEARTBEAT_KEY.format(name=name))
    if recorded is None:
        return None
    return max(0.0, time.time() - float(recorded))


def link_check_due(*, every: datetime.timedelta, now: datetime.datetime | None = None) -> bool:
    """Whether no link check has been queued within `every` of `now` (or ever)."""
    now = now or timezone.now()
    return not LinkCheckRun.objects.filter(requested_at__gt=now - every).exists()


def link_check_latest() -> LinkCheckRun | None:
    """The most recently queued link check, if any."""
    return LinkCheckRun.objects.order_by("-requested_at").first()
