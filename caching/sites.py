"""Which Wagtail site serves a request, remembered in the page cache's store between requests.

Wagtail finds the site with a query on every request (`Site.find_for_request`). Renders that
the page cache does not answer look it up here instead: the site's own fields are kept under the
host and port, tagged with the version tokens of the root path, which any site change or purge
of everything replaces (see `caching.signals`). The root page is not kept; it is read when used.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from . import store

SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")
ROOT_PATH = "/"


def site_for_request(request: HttpRequest) -> Site | None:
    """The Site that Wagtail's `Site.find_for_request` would choose, or None when none matches."""
    try:
        hostname = split_domain_port(request.get_host())[0]
    except DisallowedHost:
        return Site.find_for_request(request)
    port = request.get_port()
    key = store.site_key(hostname=hostname, port=port)
    versions, entry = store.current_entry(key, path=ROOT_PATH)
    if entry is not None:
        values = entry["values"]
        return Site.from_db("default", SITE_FIELDS, values) if values else None
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    if versions is not None:
        values = tuple(getattr(site, field) for field in SITE_FIELDS) if site else None
        store.save(
            key,
            versions=versions,
            stored={"values": values},
            timeout=settings.PORTAL_CACHE_TIMEOUT,
        )
    return site
