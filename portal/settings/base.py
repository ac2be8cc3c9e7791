"""Settings shared by every environment.

Secure by default: DEBUG is off, and anything secret comes from the environment.
`dev`, `test` and `production` import from here and change only what they must.
"""

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from botocore.config import Config as BotoConfig
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of stripped, non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    """Return an environment variable read as a boolean ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_required(name):
    """Return an environment variable, failing fast with a clear message when it is missing."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} is required in production but is not set. "
            "See docs/operations.md for the full list."
        )
    return value


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "identity",
    "records",
    "sitewide",
    "pages",
    "keydocs",
    "editorial",
    "caching",
    "sitesearch",
    "content",
    "richtext",
    "opendata",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with the user-management rules of `identity` (least privilege).
    "identity.apps.IdentityUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database outage becomes a 503 maintenance page; below it the page cache may answer first.
    "portal.reliability.DatabaseUnavailableMiddleware",
    "opendata.middleware.ReadOnlyCorsMiddleware",
    # Before sessions and authentication: a cache hit is answered without touching the database.
    "caching.middleware.PageCacheMiddleware",
    # Below the page cache, so stored responses carry these headers and hits replay them.
    "identity.middleware.SecurityHeadersMiddleware",
    "caching.middleware.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "identity.middleware.StaffSessionMiddleware",
    "identity.middleware.SecondFactorRequiredMiddleware",
    "editorial.audit.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A second moderator deciding the same task gets a message, not an error (editorial.moderation).
    "editorial.moderation.ModerationConflictMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: answers a locked-out sign-in with a clear message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "sitewide.context_processors.site_identity",
            ],
        },
    },
]

# Database: DATABASE_URL selects PostgreSQL (or anything dj-database-url understands);
# without it the embedded default is a SQLite file in the project folder (git-ignored).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "db.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def running_management_command(argv: list[str]) -> bool:
    """True when this process is `manage.py <command>` other than the development server."""
    return len(argv) > 1 and Path(argv[0]).name == "manage.py" and argv[1] not in {"runserver"}


# Bounded waits on PostgreSQL (docs/operations.md, "Bounded waits"): a database that stops
# answering is an error within seconds, never a hang. Web requests get a short statement
# timeout; management commands, the scheduler and task workers (PORTAL_PROCESS=worker) a long one.
PORTAL_PROCESS = os.environ.get("PORTAL_PROCESS", "").strip() or (
    "command" if running_management_command(sys.argv) else "web"
)
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "3"))
DB_STATEMENT_TIMEOUT_WEB = int(os.environ.get("DB_STATEMENT_TIMEOUT", "5000"))
DB_STATEMENT_TIMEOUT_COMMAND = int(os.environ.get("DB_STATEMENT_TIMEOUT_COMMAND", "600000"))
DB_LOCK_TIMEOUT = int(os.environ.get("DB_LOCK_TIMEOUT", "3000"))
DB_IDLE_IN_TRANSACTION_TIMEOUT = int(os.environ.get("DB_IDLE_IN_TRANSACTION_TIMEOUT", "60000"))
DB_STATEMENT_TIMEOUT = (
    DB_STATEMENT_TIMEOUT_WEB if PORTAL_PROCESS == "web" else DB_STATEMENT_TIMEOUT_COMMAND
)
for _database in DATABASES.values():
    if "postgresql" in _database["ENGINE"]:
        _database.setdefault("OPTIONS", {}).update(
            {
                "connect_timeout": DB_CONNECT_TIMEOUT,
                "options": (
                    f"-c statement_timeout={DB_STATEMENT_TIMEOUT}"
                    f" -c lock_timeout={DB_LOCK_TIMEOUT}"
                    f" -c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION_TIMEOUT}"
                ),
            }
        )

# Seconds a client is told to wait (Retry-After) when the database is unavailable.
PORTAL_RETRY_AFTER = int(os.environ.get("PORTAL_RETRY_AFTER", "30"))
# Seconds past the statement timeout after which the client closes a statement's connection.
PORTAL_DB_WATCHDOG_MARGIN = float(os.environ.get("DB_WATCHDOG_MARGIN", "2"))
# /readyz: seconds every check gets; the heartbeat the scheduler records and its maximum age.
PORTAL_READYZ_CHECK_TIMEOUT = float(os.environ.get("READYZ_CHECK_TIMEOUT", "2"))
PORTAL_WORKER_HEARTBEAT_NAME = "scheduler"
# Seconds pg_dump or pg_restore may run before `manage.py backup`/`restore` gives up.
PORTAL_BACKUP_TIMEOUT = int(os.environ.get("PORTAL_BACKUP_TIMEOUT", "3600"))
PORTAL_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "300"))
# /readyz fails while a recorded purge has waited longer than this (seconds) to be applied.
PORTAL_PURGE_BACKLOG_MAX_AGE = int(os.environ.get("PURGE_BACKLOG_MAX_AGE", "180"))

# Cache: Redis when REDIS_URL is set (shared by every app process), otherwise process-local
# memory. Production without Redis switches to a file cache shared by the processes of one host.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("PORTAL_CACHE_KEY_PREFIX", "portal")
# Seconds to connect to Redis and to wait for any answer: a Redis that hangs costs at most this
# (then the page cache's circuit breaker stops asking for PORTAL_CACHE_RETRY_INTERVAL).
PORTAL_REDIS_TIMEOUT = float(os.environ.get("PORTAL_REDIS_TIMEOUT", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": PORTAL_REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": PORTAL_REDIS_TIMEOUT,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-default",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Wagtail keeps image rendition lookups here, sparing a query per image on uncached renders.
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-renditions"}


def file_caches(directory: Path) -> dict[str, dict[str, Any]]:
    """File caches under `directory`, shared by every process of one host (no Redis needed)."""
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory / alias),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
        for alias in ("default", "renditions")
    }


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2id first; older hashes are upgraded on the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes first: a locked account or address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in, second factors, lockout and sessions (identity app, docs/security.md).
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"
IDENTITY_MFA_REQUIRED = env_bool("IDENTITY_MFA_REQUIRED", True)
IDENTITY_STAFF_IDLE_TIMEOUT = int(os.environ.get("IDENTITY_STAFF_IDLE_TIMEOUT", 15 * 60))
IDENTITY_STAFF_ABSOLUTE_TIMEOUT = int(
    os.environ.get("IDENTITY_STAFF_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
)
IDENTITY_RECOVERY_CODE_COUNT = 10
SESSION_COOKIE_AGE = IDENTITY_STAFF_ABSOLUTE_TIMEOUT
OTP_TOTP_ISSUER = "DFAT portal"
OTP_WEBAUTHN_RP_NAME = "DFAT portal"
OTP_WEBAUTHN_RP_ID = os.environ.get("OTP_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", "http://localhost:8000")
# Passkeys are a second factor after the password, never a password replacement.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
# Five failures lock the account, and five from one address lock that address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "identity/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "identity.selectors.client_ip"
AXES_VERBOSE = False
# Django's own admin is not installed; lockouts are listed and unlocked in Wagtail's admin.
AXES_ENABLE_ADMIN = False

# Content-Security-Policy (django-csp 4): strict on public pages; the admin gets an enforced
# baseline and the strict policy report-only (identity.middleware picks by path).
CSP_REPORT_URI = "/csp-report/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "report-uri": [CSP_REPORT_URI],
    }
}
IDENTITY_ADMIN_CSP = {
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "report-uri": [CSP_REPORT_URI],
}
IDENTITY_ADMIN_CSP_REPORT_ONLY = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "report-uri": [CSP_REPORT_URI],
}
IDENTITY_CSP_REPORTS_PER_MINUTE = 30
IDENTITY_CSP_REPORT_MAX_BYTES = 16 * 1024
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# security.txt (RFC 9116): who to tell about a vulnerability, and until when this is true.
SECURITY_TXT_CONTACT = env_list("SECURITY_TXT_CONTACT", "mailto:security@dfat.gov.au")
SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "2027-12-01T00:00:00Z")
SECURITY_TXT_POLICY = os.environ.get("SECURITY_TXT_POLICY", "")
SECURITY_TXT_PREFERRED_LANGUAGES = "en"

LANGUAGE_CODE = "en-au"
TIME_ZONE = "Australia/Sydney"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3 (or MinIO, or any S3-compatible store) when AWS_STORAGE_BUCKET_NAME is set; the local
# filesystem otherwise. The bucket stays private: objects get no ACL and every URL the storage
# hands out is signed and expires (AWS_QUERYSTRING_EXPIRE seconds). Credentials come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the instance role (boto3's usual chain).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60"))
if AWS_STORAGE_BUCKET_NAME:
    # django-storages reads these AWS_* settings. They are settings, not STORAGES OPTIONS, because
    # Wagtail queues a file deletion with the storage's constructor arguments as JSON.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip() or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "").strip() or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_CUSTOM_DOMAIN = None
    AWS_S3_FILE_OVERWRITE = False
    # Signature v4, path-style addresses (MinIO) unless told otherwise, and every call bounded:
    # 5 s to connect, 30 s per read, 3 attempts.
    AWS_S3_CLIENT_CONFIG = BotoConfig(
        signature_version="s3v4",
        s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE", "path")},
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
    )
# Public document downloads from a remote store: "redirect" to a short-lived signed URL (the
# bytes never pass through Python), or "stream" them through the app. Restricted documents are
# always streamed after their permission check. See docs/decisions/010-s3-media.md.
PORTAL_DOCUMENT_DOWNLOAD = os.environ.get("PORTAL_DOCUMENT_DOWNLOAD", "redirect").strip()

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that hold in every environment; production adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "message_only": {"format": "%(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
        "audit_stdout": {
            "class": "editorial.audit.CurrentStdoutHandler",
            "formatter": "message_only",
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
        # One JSON object a line: see docs/operations.md, "Audit log".
        "portal.audit": {"handlers": ["audit_stdout"], "level": "INFO", "propagate": False},
    },
}

PORTAL_DEPARTMENT_NAME = "Department of Foreign Affairs and Trade"
PORTAL_DEPARTMENT_URL = "https://www.dfat.gov.au/"
# Request header holding the client's address behind a trusted proxy, in request.META form
# (e.g. HTTP_X_FORWARDED_FOR); empty means REMOTE_ADDR. Used by the audit log.
PORTAL_AUDIT_CLIENT_IP_HEADER = os.environ.get("AUDIT_CLIENT_IP_HEADER", "").strip()

# Wagtail
WAGTAIL_SITE_NAME = "Department of Foreign Affairs and Trade"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "keydocs.KeyDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "keydocs.forms.KeyDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]

# Key documents: upload limits, extraction caps and the accessible-format contact point.
KEYDOCS_ALLOWED_EXTENSIONS = env_list(
    "KEYDOCS_ALLOWED_EXTENSIONS", "pdf,docx,xlsx,pptx,csv,odt,ods,rtf,txt"
)
KEYDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("KEYDOCS_MAX_UPLOAD_SIZE", 50 * 1024 * 1024))
WAGTAILDOCS_MAX_UPLOAD_SIZE = KEYDOCS_MAX_UPLOAD_SIZE
KEYDOCS_EXTRACTION_MAX_PAGES = 100
KEYDOCS_EXTRACTION_MAX_CHARS = 200_000
KEYDOCS_EXTRACTION_TIMEOUT = 20
PORTAL_ACCESSIBLE_FORMAT_URL = "/contact-us/"
# Infected uploads are moved here, outside MEDIA_ROOT, so they are never served.
KEYDOCS_QUARANTINE_ROOT = Path(os.environ.get("KEYDOCS_QUARANTINE_ROOT", BASE_DIR / "quarantine"))
# A scan running longer than this (seconds) counts as crashed and is queued again.
KEYDOCS_SCAN_STALE_AFTER = int(os.environ.get("KEYDOCS_SCAN_STALE_AFTER", 600))

# Virus scanning: ClamAV's daemon over TCP; every read and write on the connection times out.
CLAMD_HOST = os.environ.get("CLAMD_HOST", "127.0.0.1")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", 3310))
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", 30))

# Background tasks (django-tasks): run in-process by default (`make run`, tests); production
# sets TASKS_BACKEND=database and runs `manage.py db_worker` (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND", "").strip() == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The public search engine (sitesearch.engines): "postgres", "wagtail", or empty to follow the
# database (PostgreSQL engine on PostgreSQL, Wagtail's backend elsewhere).
PORTAL_SEARCH_ENGINE = os.environ.get("PORTAL_SEARCH_ENGINE", "").strip()
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Page privacy by shared password is off: a password shared by many cannot be revoked per person.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
# Images above this many pixels are refused with a form error before decoding.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "identity.forms.PixelLimitedImageForm"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# A redirect from the old URL is created whenever a page's slug changes or it is moved.
WAGTAILREDIRECTS_AUTO_CREATE = True

# Open data (opendata app): sitemap, robots.txt, feeds and the read API; see docs/api.md.
OPENDATA_SITEMAP_LIMIT = int(os.environ.get("OPENDATA_SITEMAP_LIMIT", "50000"))
OPENDATA_FEED_ITEMS = int(os.environ.get("OPENDATA_FEED_ITEMS", "50"))
OPENDATA_ROBOTS_DISALLOW = [
    "/admin/",
    "/search/",
    "/api/",
    "/healthz",
    "/csp-report/",
    "/webauthn/",
]
OPENDATA_API_PREFIX = "/api/"
OPENDATA_API_MAX_OFFSET = int(os.environ.get("OPENDATA_API_MAX_OFFSET", "10000"))
WAGTAILAPI_LIMIT_MAX = int(os.environ.get("WAGTAILAPI_LIMIT_MAX", "100"))
WAGTAILAPI_SEARCH_ENABLED = False

# Page cache (caching app); see docs/operations.md.
PORTAL_PAGE_CACHE_ENABLED = env_bool("PORTAL_PAGE_CACHE", True)
# Content cache: the record-heavy middle of pages, for renders the page cache does not answer.
PORTAL_CONTENT_CACHE_ENABLED = env_bool("PORTAL_CONTENT_CACHE", True)
PORTAL_CACHE_ALIAS = "default"
PORTAL_CACHE_TIMEOUT = int(os.environ.get("PORTAL_CACHE_TIMEOUT", "86400"))
# Not-found and redirect responses: any path can be asked for, so they are kept briefly.
PORTAL_CACHE_SHORT_TIMEOUT = int(os.environ.get("PORTAL_CACHE_SHORT_TIMEOUT", "60"))
# After Redis fails to answer, a process stops asking it for this many seconds (circuit breaker).
PORTAL_CACHE_RETRY_INTERVAL = float(os.environ.get("PORTAL_CACHE_RETRY_INTERVAL", "5"))
# How long the page cache serves hits after it was last checked against the purge outbox.
PORTAL_CACHE_SYNC_LEASE = int(os.environ.get("PORTAL_CACHE_SYNC_LEASE", "10"))
PORTAL_CACHE_MAX_AGE = int(os.environ.get("PORTAL_CACHE_MAX_AGE", "60"))
PORTAL_CACHE_S_MAXAGE = int(os.environ.get("PORTAL_CACHE_S_MAXAGE", "600"))
PORTAL_CACHE_QUERY_PARAMS = env_list(
    "PORTAL_CACHE_QUERY_PARAMS", "page,category,type,year,country,topic"
)
PORTAL_CACHE_IGNORED_QUERY_PARAMS = env_list(
    "PORTAL_CACHE_IGNORED_QUERY_PARAMS",
    "utm_source,utm_medium,utm_campaign,utm_term,utm_content,fbclid,gclid",
)
PORTAL_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/documents/",
    "/healthz",
    "/readyz",
    "/static/",
    "/media/",
    "/search/",
]
PORTAL_CACHE_BYPASS_COOKIES = env_list("PORTAL_CACHE_BYPASS_COOKIES")
PORTAL_CACHE_MAX_PATH_LENGTH = 1024
PORTAL_CACHE_MAX_PURGE_PAGES = int(os.environ.get("PORTAL_CACHE_MAX_PURGE_PAGES", "2000"))
PORTAL_CACHE_LISTING_PATHS = env_list("PORTAL_CACHE_LISTING_PATHS")
PORTAL_CACHE_PURGE_MODELS = env_list("PORTAL_CACHE_PURGE_MODELS")

# CDN purge on publish (wagtail.contrib.frontend_cache), chosen by environment.
if os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"],
        }
    }
elif os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"],
            "BEARER_TOKEN": os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
        }
    }
elif os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "portal.frontend_cache.TimedHTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
            "TIMEOUT": os.environ.get("FRONTEND_CACHE_PURGE_TIMEOUT", "5"),
        }
    }

# Every external call has a timeout: SMTP included (seconds).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Accessible format requests accepted from one address per hour before the form says "try later".
PORTAL_CONTACT_RATE_LIMIT = int(os.environ.get("PORTAL_CONTACT_RATE_LIMIT", "5"))
# The broken-link check: seconds to wait for an answer, and between requests to one host.
PORTAL_LINKCHECK_TIMEOUT = float(os.environ.get("PORTAL_LINKCHECK_TIMEOUT", "10"))
PORTAL_LINKCHECK_HOST_INTERVAL = float(os.environ.get("PORTAL_LINKCHECK_HOST_INTERVAL", "1"))
# When set (comma-separated host:port), only addresses on those hosts are requested.
PORTAL_LINKCHECK_ONLY_HOSTS = [
    host.strip()
    for host in os.environ.get("PORTAL_LINKCHECK_ONLY_HOSTS", "").split(",")
    if host.strip()
] or None
