"""Production settings plus the benchmark floor view; used only by `make bench` and bench/*.py.

The floor (`bench.floor`) returns the bytes of the file named by PORTAL_BENCH_FLOOR_FILE at
/bench/floor/, through the whole middleware stack, never through the page cache.
"""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import PORTAL_CACHE_EXCLUDED_PATHS

ROOT_URLCONF = "bench.urls"
BENCH_FLOOR_FILE = os.environ["PORTAL_BENCH_FLOOR_FILE"]
PORTAL_CACHE_EXCLUDED_PATHS = [*PORTAL_CACHE_EXCLUDED_PATHS, "/bench/"]
