"""Values every public template needs."""

from django.conf import settings


def site_identity(request):
    """The department's name and address for the header, footer and JSON-LD."""
    return {
        "DEPARTMENT_NAME": settings.PORTAL_DEPARTMENT_NAME,
        "DEPARTMENT_URL": settings.PORTAL_DEPARTMENT_URL,
    }
