"""Background tasks (django-tasks): the broken-link check, enqueued by `manage.py check_links`."""

from dataclasses import asdict

from django.conf import settings
from django_tasks import task

from editorial.linkcheck import LinkChecker
from editorial.models import LinkCheckRun
from editorial.services.links import links_check


@task()
def check_links(
    run_id: int | None = None,
    only_hosts: list[str] | None = None,
    timeout: float | None = None,
) -> dict[str, int]:
    """Check every link on live pages and update the broken-link report.

    `run_id` is the `LinkCheckRun` queued with this task, marked finished at the end;
    `only_hosts` limits requests to those hosts (host:port; default
    `PORTAL_LINKCHECK_ONLY_HOSTS`) and `timeout` overrides `PORTAL_LINKCHECK_TIMEOUT`.
    """
    hosts = only_hosts if only_hosts is not None else settings.PORTAL_LINKCHECK_ONLY_HOSTS
    checker = LinkChecker(
        timeout=timeout if timeout is not None else settings.PORTAL_LINKCHECK_TIMEOUT,
        host_interval=settings.PORTAL_LINKCHECK_HOST_INTERVAL,
        only_hosts=frozenset(hosts) if hosts is not None else None,
    )
    run = LinkCheckRun.objects.filter(pk=run_id).first() if run_id is not None else None
    return asdict(links_check(checker=checker, run=run))
