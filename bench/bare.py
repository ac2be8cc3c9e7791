"""The bare floor: a Django view with no middleware at all, served by `bench.bare.application`.

`make bench-front` runs it under gunicorn like the portal, so the ratio of a target to this floor
is what the portal's own work costs, without flattering it by the middleware stack.
"""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.bare_settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402 - settings must be chosen first

application = get_wsgi_application()
