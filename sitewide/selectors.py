"""Reads of the site settings for the public templates."""

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

from .models import PortalSettings


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
