"""Test settings: fast hashing, in-memory email, the database from DATABASE_URL or SQLite."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Playwright's sync API runs an event loop in the test thread while Django serves live_server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: browser tests share it with live_server, and outage tests can close it.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "test-db.sqlite3"}  # noqa: F405
# A key prefix of its own, so a shared Redis (REDIS_URL) can be cleared of this run's keys only.
# Processes a test starts inherit the run's name and so share its keys.
TEST_CACHE_RUN = os.environ.setdefault("PORTAL_TEST_CACHE_RUN", str(os.getpid()))
for _alias in CACHES:  # noqa: F405
    CACHES[_alias]["KEY_PREFIX"] = f"test-{TEST_CACHE_RUN}-{_alias}"  # noqa: F405
# Creating and dropping test databases on a busy machine can outlast the web statement timeout;
# tests that exercise the timeouts set them on their own connections (tests/faults).
if "DB_STATEMENT_TIMEOUT" not in os.environ:
    DB_STATEMENT_TIMEOUT = DB_STATEMENT_TIMEOUT_COMMAND  # noqa: F405
    for _database in DATABASES.values():  # noqa: F405
        if "postgresql" in _database["ENGINE"]:
            _database["OPTIONS"]["options"] = _database["OPTIONS"]["options"].replace(
                f"statement_timeout={DB_STATEMENT_TIMEOUT_WEB}",  # noqa: F405
                f"statement_timeout={DB_STATEMENT_TIMEOUT}",
            )
