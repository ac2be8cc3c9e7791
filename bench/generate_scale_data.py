"""Generate (or top up) a large site for benchmarks: pages and documents via bulk inserts.

Run: .venv/bin/python bench/generate_scale_data.py --pages 10000 --documents 100000
It uses DJANGO_SETTINGS_MODULE and DATABASE_URL from the environment (default: the dev settings).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
django.setup()

from bench.scale_data import main  # noqa: E402

if __name__ == "__main__":
    main()
