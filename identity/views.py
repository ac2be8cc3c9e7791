"""Second-factor enrolment and verification, lockout administration, CSP reports, security.txt."""

import json
import logging

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import match_token
from wagtail.admin.views.account import LogoutView

from editorial.audit import client_ip_from_request

from . import selectors, services

logger = logging.getLogger("portal.csp")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/admin/"


def mfa_enrol(request: HttpRequest) -> HttpResponseBase:
    """First sign-in: add a passkey or an authenticator app; then recovery codes are shown once."""
    if not selectors.user_is_staff_member(request.user):
        raise PermissionDenied
    if selectors.user_has_second_factor(request.user) and not selectors.user_is_verified(
        request.user
    ):
        return redirect("identity_mfa_verify")
    device = services.totp_device_start(user=request.user)
    error = ""
    if request.method == "POST":
        if services.totp_device_confirm(
            request=request, device=device, token=request.POST.get("token", "")
        ):
            codes = services.recovery_codes_regenerate(user=request.user)
            return render(
                request,
                "identity/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        error = "That code is not right. Enter the 6-digit code your app shows now."
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "identity/enrol.html",
        {
            "device": device,
            "config_url": device.config_url,
            "qr_svg": qr.svg_data_uri(scale=4),
            "error": error,
            "next": _next_url(request),
        },
    )


def mfa_verify(request: HttpRequest) -> HttpResponseBase:
    """Second step of sign-in: a passkey, an authenticator-app code or a recovery code."""
    if not selectors.user_is_staff_member(request.user):
        raise PermissionDenied
    if selectors.user_is_verified(request.user):
        return redirect(_next_url(request))
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").strip().replace(" ", "")
        device = match_token(request.user, token) if token else None
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        error = "That code is not right. Try the current code, or a recovery code."
    return render(request, "identity/verify.html", {"error": error, "next": _next_url(request)})


#: Wagtail's logout, POST only: a GET gets 405 and changes nothing (Wagtail's own view would
#: drop the cookie on a GET while leaving the server session alive).
logout = require_POST(LogoutView.as_view())


@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Issue new recovery codes to the signed-in, verified person; old ones stop working."""
    if not selectors.user_is_verified(request.user):
        raise PermissionDenied
    codes = services.recovery_codes_regenerate(user=request.user)
    return render(request, "identity/recovery_codes.html", {"codes": codes, "next": "/admin/"})


def factors_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    """A superuser removes another person's factors (GET asks to confirm); they enrol again."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method != "POST":
        return render(
            request,
            "identity/factors_reset.html",
            {"target": target, "page_title": "Reset sign-in factors"},
        )
    services.factors_reset(actor=request.user, user=target)
    messages.success(
        request, f"Sign-in factors reset for {target}. They will enrol again at next sign-in."
    )
    return redirect("wagtailusers_users:index")


def lockouts(request: HttpRequest) -> HttpResponse:
    """Locked accounts and addresses, for people who manage users."""
    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied
    return render(
        request,
        "identity/lockouts.html",
        {"attempts": selectors.locked_out_attempts(), "page_title": "Locked sign-ins"},
    )


@require_POST
def lockout_unlock(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Unlock one locked account or address."""
    if not request.user.has_perm("auth.change_user"):
        raise PermissionDenied
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    services.lockout_clear(actor=request.user, attempt=attempt)
    messages.success(request, f"Unlocked {attempt.username or attempt.ip_address}.")
    return redirect("identity_lockouts")


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's CSP violation report; at most a few a minute per address, bodies capped."""
    ip = client_ip_from_request(request) or "unknown"
    key = f"identity:csp-report:{ip}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > settings.IDENTITY_CSP_REPORTS_PER_MINUTE:
        return HttpResponse(status=429)
    body = request.body[: settings.IDENTITY_CSP_REPORT_MAX_BYTES]
    try:
        report = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse("The report is not JSON.", status=400, content_type="text/plain")
    logger.warning("csp violation %s", json.dumps({"ip": ip, "report": report})[:4000])
    return HttpResponse(status=204)


@require_GET
def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116 security.txt with Contact and Expires from settings."""
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT]
    lines.append(f"Expires: {settings.SECURITY_TXT_EXPIRES}")
    if settings.SECURITY_TXT_POLICY:
        lines.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    lines.append(f"Preferred-Languages: {settings.SECURITY_TXT_PREFERRED_LANGUAGES}")
    lines.append(f"Canonical: {request.build_absolute_uri()}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
