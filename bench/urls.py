"""The portal's URLs plus the benchmark floor at /bench/floor/ (bench.settings only)."""

from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns

from .floor import bench_floor

urlpatterns = [path("bench/floor/", bench_floor), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
