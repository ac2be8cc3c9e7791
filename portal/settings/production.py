"""Production: every secret and host comes from the environment; missing ones stop start-up."""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, REDIS_URL, STORAGES, env_bool, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
env_required("DATABASE_URL")
env_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
WAGTAILADMIN_BASE_URL = env_required("WAGTAILADMIN_BASE_URL")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [WAGTAILADMIN_BASE_URL]

# Every connection gives up after DB_CONNECT_TIMEOUT seconds (default 5) and every statement
# after DB_STATEMENT_TIMEOUT milliseconds (default 30000): a stuck database is an error, not a hang.
for _database in DATABASES.values():  # noqa: F405
    if "postgresql" in _database["ENGINE"]:
        _options = _database.setdefault("OPTIONS", {})
        _options["connect_timeout"] = int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
        _options["options"] = (
            f"{_options.get('options', '')} "
            f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT', '30000'))}"
        ).strip()

# Passkeys belong to the admin's host name; only the admin's own origin may use them.
OTP_WEBAUTHN_RP_ID = (
    os.environ.get("OTP_WEBAUTHN_RP_ID") or urlsplit(WAGTAILADMIN_BASE_URL).hostname
)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [WAGTAILADMIN_BASE_URL]

# Cookies bound to this host over HTTPS only (no Domain, Path=/): the __Host- prefix.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SAMESITE = "Lax"

if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

if not REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(
                Path(os.environ.get("PORTAL_FILE_CACHE_DIR") or tempfile.gettempdir())
                / "portal-cache"
                / alias
            ),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
        for alias in ("default", "renditions")
    }
