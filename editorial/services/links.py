"""The broken-link check: find every link on live pages, check each once, record what failed."""

import json
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from editorial.linkcheck import LinkChecker
from editorial.models import LinkCheckRun, LinkProblem

EXTERNAL_URL = re.compile(r"https?://[^\s\"'<>\\]+")
PAGE_LINK = re.compile(r'linktype=\\*"page\\*"\s+id=\\*"(\d+)')
TRAILING = ".,;:)]"


@dataclass
class LinkCheckSummary:
    """How many pages and distinct addresses were checked, and how many links are broken."""

    pages: int = 0
    addresses: int = 0
    broken: int = 0


def page_links(page: Page) -> tuple[set[str], set[int]]:
    """External addresses and linked page ids in a page's fields, StreamFields and child rows
    (such as a forum's website links and key-document groups)."""
    data = json.dumps(page.specific.serializable_data(), cls=DjangoJSONEncoder)
    external = {match.group(0).rstrip(TRAILING) for match in EXTERNAL_URL.finditer(data)}
    internal = {int(match.group(1)) for match in PAGE_LINK.finditer(data)}
    return external, internal


def link_check_run_start() -> LinkCheckRun:
    """Record that a link check is being queued now; the scheduler reads it to run once a day."""
    return LinkCheckRun.objects.create(requested_at=timezone.now())


def links_check(*, checker: LinkChecker, run: LinkCheckRun | None = None) -> LinkCheckSummary:
    """Check every link on every live page and keep `LinkProblem` rows up to date.

    Each external address is requested once however many pages carry it. Links to pages that
    are deleted or unpublished are reported too. A link that works again loses its row; a
    broken link keeps its first-seen date and gets a new last-checked date. When `run` is
    given, it is marked finished with the counts.
    """
    summary = LinkCheckSummary()
    found: dict[int, tuple[set[str], set[int]]] = {}
    for page in Page.objects.live().order_by("path"):
        found[page.pk] = page_links(page)
    summary.pages = len(found)

    addresses = sorted({url for external, _ in found.values() for url in external})
    summary.addresses = len(addresses)
    results = {url: checker.check(url).problem for url in addresses}
    linked_ids = {pk for _, internal in found.values() for pk in internal}
    live_ids = set(Page.objects.filter(pk__in=linked_ids, live=True).values_list("pk", flat=True))
    existing_ids = set(Page.objects.filter(pk__in=linked_ids).values_list("pk", flat=True))

    problems: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for page_id, (external, internal) in found.items():
        for url in external:
            if results[url]:
                problems[page_id][url] = (LinkProblem.Kind.EXTERNAL, results[url])
        for linked in internal:
            if linked not in existing_ids:
                problems[page_id][f"page {linked}"] = (
                    LinkProblem.Kind.INTERNAL,
                    "Links to a page that has been deleted.",
                )
            elif linked not in live_ids:
                problems[page_id][f"page {linked}"] = (
                    LinkProblem.Kind.INTERNAL,
                    "Links to a page that is not published.",
                )

    now = timezone.now()
    with transaction.atomic():
        LinkProblem.objects.exclude(page_id__in=list(problems)).delete()
        for page_id, by_url in problems.items():
            LinkProblem.objects.filter(page_id=page_id).exclude(url__in=list(by_url)).delete()
            for url, (kind, problem) in by_url.items():
                LinkProblem.objects.update_or_create(
                    page_id=page_id,
                    url=url,
                    defaults={"kind": kind, "problem": problem[:255], "last_checked": now},
                    create_defaults={
                        "kind": kind,
                        "problem": problem[:255],
                        "first_seen": now,
                        "last_checked": now,
                    },
                )
                summary.broken += 1
        if run is not None:
            run.finished_at = now
            run.pages, run.addresses, run.broken = summary.pages, summary.addresses, summary.broken
            run.save(update_fields=["finished_at", "pages", "addresses", "broken"])
    return summary
