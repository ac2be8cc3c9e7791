"""The benchmark floor: a bare view returning fixed bytes, routed only with PORTAL_BENCH_FLOOR."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse


@cache
def _floor_bytes():
    return Path(settings.PORTAL_BENCH_FLOOR_FILE).read_bytes()


def bench_floor(request):
    """Return the bytes of PORTAL_BENCH_FLOOR_FILE (the page under test), touching nothing else."""
    return HttpResponse(_floor_bytes(), content_type="text/html; charset=utf-8")
