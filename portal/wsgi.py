"""WSGI entry point; gunicorn serves `portal.wsgi:application`.

Django's application is wrapped by the page cache's WSGI layer, which answers current cached
pages before Django's request handling starts (see caching.wsgi).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from caching.wsgi import PageCacheApplication  # noqa: E402 - Django must be set up first

application = PageCacheApplication(django_application)
