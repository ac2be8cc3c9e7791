from django.apps import AppConfig


class CachingConfig(AppConfig):
    """Full-page cache, HTTP caching headers and exact invalidation on publish."""

    name = "caching"
    verbose_name = "Caching"

    def ready(self) -> None:
        from . import signals

        signals.connect_invalidation_handlers()
