"""Background tasks (django-tasks): the broken-link check, enqueued by `manage.py check_links`."""

from dataclasses import asdict

from django.conf import settings
from django_tasks import task

from editorial.linkcheck import LinkChecker
from editorial.services.links import links_check


@task()
def check_links() -> dict[str, int]:
    """Check every link on live pages and update the broken-link report."""
    checker = LinkChecker(
        timeout=settings.PORTAL_LINKCHECK_TIMEOUT,
        host_interval=settings.PORTAL_LINKCHECK_HOST_INTERVAL,
    )
    return asdict(links_check(checker=checker))
