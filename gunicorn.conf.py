"""gunicorn settings for the portal (read by `gunicorn` from the working directory).

The worker timeout sits well above PostgreSQL's statement timeout for web requests
(DB_STATEMENT_TIMEOUT, default 5 s) plus the connect timeout (DB_CONNECT_TIMEOUT, default 3 s):
a slow database ends a request with a 503 from Django, never with a killed worker.
See docs/operations.md, "Bounded waits".
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
accesslog = "-"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
