"""Deploy checks (`check --deploy`): the controls of docs/security.md cannot be quietly off."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

KNOWN_DEFAULT_KEYS = {"test-only-insecure-key"}
MIN_SECRET_KEY_LENGTH = 50


@register(Tags.security, deploy=True)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """SECRET_KEY must be long and not a published default."""
    key = settings.SECRET_KEY or ""
    if (
        len(key) < MIN_SECRET_KEY_LENGTH
        or key in KNOWN_DEFAULT_KEYS
        or "change-me" in key
        or key.startswith("django-insecure")
    ):
        return [
            Error(
                f"SECRET_KEY is a default or shorter than {MIN_SECRET_KEY_LENGTH} characters.",
                hint="Set SECRET_KEY from a secret store to 50 or more random characters.",
                id="identity.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_shared_password_privacy(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Shared-password privacy for pages and collections must be off."""
    errors = []
    for name in ("WAGTAIL_PRIVATE_PAGE_OPTIONS", "WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS"):
        if getattr(settings, name, {}).get("SHARED_PASSWORD", True):
            errors.append(
                Error(
                    f"{name} allows shared-password privacy.",
                    hint=f'Set {name} = {{"SHARED_PASSWORD": False}}.',
                    id="identity.E002",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_mfa_and_lockout(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Second factors and lockout must be on."""
    errors = []
    if not getattr(settings, "IDENTITY_MFA_REQUIRED", False) or (
        "identity.middleware.SecondFactorRequiredMiddleware" not in settings.MIDDLEWARE
    ):
        errors.append(Error("Second factors are not required for staff.", id="identity.E003"))
    if not getattr(settings, "AXES_ENABLED", False) or (
        "axes.middleware.AxesMiddleware" not in settings.MIDDLEWARE
    ):
        errors.append(Error("Sign-in lockout (django-axes) is off.", id="identity.E004"))
    return errors


@register(Tags.security, deploy=True)
def check_csp(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A Content-Security-Policy must be sent, with the strict public directives."""
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    required = {"default-src", "object-src", "base-uri", "frame-ancestors"}
    if "identity.middleware.SecurityHeadersMiddleware" not in settings.MIDDLEWARE or not (
        required <= set(directives)
    ):
        return [
            Error(
                "No Content-Security-Policy is sent, or it lacks "
                + ", ".join(sorted(required))
                + ".",
                id="identity.E005",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def check_database_timeouts(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Each PostgreSQL database needs a connect timeout and a statement timeout."""
    errors = []
    for alias, database in settings.DATABASES.items():
        if "postgresql" not in database.get("ENGINE", ""):
            continue
        options = database.get("OPTIONS", {})
        if not options.get("connect_timeout"):
            errors.append(Error(f"Database '{alias}' has no connect_timeout.", id="identity.E006"))
        if "statement_timeout" not in options.get("options", ""):
            errors.append(
                Error(
                    f"Database '{alias}' has no statement_timeout.",
                    hint='Add "options": "-c statement_timeout=..." to its OPTIONS.',
                    id="identity.E007",
                )
            )
    return errors
