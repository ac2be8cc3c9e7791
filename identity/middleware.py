"""Security headers, staff session limits and the second-factor gate for the admin."""

import time
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from . import selectors

SESSION_STARTED_KEY = "identity_started"
SESSION_SEEN_KEY = "identity_seen"
# Only the admin reads the session here: touching it on public pages would add "Vary: Cookie"
# and keep every page out of the page cache.
STAFF_PATH_PREFIX = "/admin/"


class SecurityHeadersMiddleware(CSPMiddleware):
    """CSP (strict in public; admin: baseline plus report-only strict) and Permissions-Policy.

    Sits below the page cache, so a stored response already carries these headers and a hit
    from either cache layer sends exactly what the miss sent. No nonces: public pages have no
    inline script, so a cached copy never replays a stale nonce.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        """The admin's policies by path; everything else the strict public policy."""
        if request.path_info.startswith("/admin/"):
            if report_only:
                return PolicyParts(config=settings.IDENTITY_ADMIN_CSP_REPORT_ONLY)
            return PolicyParts(config=settings.IDENTITY_ADMIN_CSP)
        return super().get_policy_parts(request, response, report_only)


class StaffSessionMiddleware:
    """Ends a staff session after 15 minutes idle or 12 hours in all (ISM-0428)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if request.path_info.startswith(STAFF_PATH_PREFIX) and selectors.user_is_staff_member(user):
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            seen = request.session.get(SESSION_SEEN_KEY, now)
            if (
                now - seen > settings.IDENTITY_STAFF_IDLE_TIMEOUT
                or now - started > settings.IDENTITY_STAFF_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
            request.session[SESSION_SEEN_KEY] = now
            request.session.set_expiry(
                max(
                    1,
                    min(
                        settings.IDENTITY_STAFF_IDLE_TIMEOUT,
                        settings.IDENTITY_STAFF_ABSOLUTE_TIMEOUT - (now - started),
                    ),
                )
            )
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Until staff pass a second factor, the admin shows only enrolment or verification."""

    ALWAYS_ALLOWED = (
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",  # the icons every admin page fetches, including these ones
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.gate(request)
        return response if response is not None else self.get_response(request)

    def gate(self, request: HttpRequest) -> HttpResponse | None:
        """A redirect to enrolment or verification when the request needs one, else None."""
        path = request.path_info
        if not settings.IDENTITY_MFA_REQUIRED or not path.startswith(STAFF_PATH_PREFIX):
            return None
        user = getattr(request, "user", None)
        if not selectors.user_is_staff_member(user) or selectors.user_is_verified(user):
            return None
        allowed_prefixes = [
            reverse("identity_mfa_enrol"),
            reverse("identity_mfa_verify"),
            *(reverse(name) for name in self.ALWAYS_ALLOWED),
        ]
        if any(path.startswith(prefix) for prefix in allowed_prefixes):
            return None
        target = (
            "identity_mfa_verify"
            if selectors.user_has_second_factor(user)
            else "identity_mfa_enrol"
        )
        return redirect(f"{reverse(target)}?next={path}")
