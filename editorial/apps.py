from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """Editorial governance: roles, moderation, review dates, redirects and audit."""

    name = "editorial"
    verbose_name = "Editorial governance"

    def ready(self):
        from . import signals
        from .redirect_forms import use_portal_redirect_form

        signals.connect()
        use_portal_redirect_form()
