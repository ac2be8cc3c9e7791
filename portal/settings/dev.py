"""Local development: the embedded SQLite default, a throwaway secret and debug pages."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, REDIS_URL, file_caches

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Without Redis, one file cache shared by every local process: the server, its scheduled-publishing
# thread (`manage.py serve_local`), other management commands and the shell. A change made by any
# of them is seen by all on the next request; a cache in one process's memory would stay stale.
if not REDIS_URL:
    CACHES = file_caches(Path(os.environ.get("PORTAL_FILE_CACHE_DIR") or BASE_DIR / ".cache"))
