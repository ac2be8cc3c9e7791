"""The benchmark floor: a bare view returning fixed bytes, routed only by `bench.urls`."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@cache
def _floor_bytes() -> bytes:
    return Path(settings.BENCH_FLOOR_FILE).read_bytes()


def bench_floor(request: HttpRequest) -> HttpResponse:
    """Return the bytes of BENCH_FLOOR_FILE (the page under test), touching nothing else."""
    return HttpResponse(_floor_bytes(), content_type="text/html; charset=utf-8")
