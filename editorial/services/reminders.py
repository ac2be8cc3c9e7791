"""Email reminders to page owners about pages due for review."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from wagtail.models import Page

from editorial import selectors


@dataclass
class ReviewReminderResult:
    """Who was emailed, and which pages have nobody to remind."""

    emailed: dict[str, int] = field(default_factory=dict)
    unowned: list[Page] = field(default_factory=list)


def _page_lines(pages: Iterable[Page]) -> list[str]:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return [
        f"- {page.title} (review by {page.review_date:%-d %B %Y}): "
        f"{base_url}{reverse('wagtailadmin_pages:edit', args=[page.pk])}"
        for page in pages
    ]


def review_reminders_send(
    *, today: datetime.date | None = None, within_days: int = selectors.REVIEW_HORIZON_DAYS
) -> ReviewReminderResult:
    """Email each page owner the pages overdue for review or due within `within_days` days."""
    review = selectors.pages_due_for_review(today=today, within_days=within_days)
    by_owner: defaultdict[Any, dict[str, list[Page]]] = defaultdict(
        lambda: {"overdue": [], "due_soon": []}
    )
    result = ReviewReminderResult()
    for bucket in ("overdue", "due_soon"):
        for page in getattr(review, bucket):
            if page.owner is None or not page.owner.email:
                result.unowned.append(page)
            else:
                by_owner[page.owner][bucket].append(page)
    for owner, pages in by_owner.items():
        sections: list[str] = []
        if pages["overdue"]:
            sections += ["Overdue for review:", *_page_lines(pages["overdue"]), ""]
        if pages["due_soon"]:
            sections += [f"Due for review in the next {within_days} days:"]
            sections += [*_page_lines(pages["due_soon"]), ""]
        name = owner.get_full_name() or owner.get_username()
        body = "\n".join(
            [
                f"Hello {name},",
                "",
                "These pages you own need checking that they are still accurate. Open each, "
                "check it, then set a new review date and submit it for moderation.",
                "",
                *sections,
            ]
        )
        subject = (
            f"Pages to review: {len(pages['overdue'])} overdue, {len(pages['due_soon'])} due soon"
        )
        send_mail(subject, body, None, [owner.email])
        result.emailed[owner.email] = len(pages["overdue"]) + len(pages["due_soon"])
    return result
