"""Project-level views: liveness, readiness and error pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.health import READINESS_CHECKS, run_checks
from portal.reliability import current_error_is_database_unavailable, maintenance_response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches no dependency, so an outage never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: every dependency answers within its limit; 503 names those that do not."""
    checks = run_checks(READINESS_CHECKS, limit=settings.PORTAL_READYZ_CHECK_TIMEOUT)
    down = sorted(name for name, result in checks.items() if result["status"] != "ok")
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200)


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page, rendered without a request context so it works with the database down.

    A database outage is not a bug: it gets the 503 maintenance page with `Retry-After`.
    """
    if current_error_is_database_unavailable():
        return maintenance_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
