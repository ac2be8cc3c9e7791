from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editorial governance: roles, moderation, review dates, redirects and audit."""

    name = "editorial"
    verbose_name = "Editorial governance"

    def ready(self):
        from . import signals

        signals.connect()
