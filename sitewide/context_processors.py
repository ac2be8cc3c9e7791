"""Values every public template needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import (
    accessible_format_url,
    department_name,
    main_navigation,
    portal_settings_for_request,
)


def site_identity(request: HttpRequest) -> dict[str, Any]:
    """The department's name and address, the site settings and the main navigation.

    DEPARTMENT_NAME comes from the site's PortalSettings, falling back to PORTAL_DEPARTMENT_NAME.
    MAIN_NAVIGATION is read only when a template shows it.
    """
    portal_settings = portal_settings_for_request(request)
    return {
        "DEPARTMENT_NAME": department_name(portal_settings),
        "DEPARTMENT_URL": settings.PORTAL_DEPARTMENT_URL,
        "PORTAL_SETTINGS": portal_settings,
        "ACCESSIBLE_FORMAT_URL": SimpleLazyObject(lambda: accessible_format_url(portal_settings)),
        "MAIN_NAVIGATION": SimpleLazyObject(lambda: main_navigation(portal_settings, request)),
    }
