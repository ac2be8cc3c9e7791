"""Staff sign-in: second factors, lockout, sessions and the rules for managing people."""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class IdentityConfig(AppConfig):
    """Connects the lockout audit and registers the deploy checks."""

    name = "identity"
    default = True
    verbose_name = "Identity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from identity import checks, signals  # noqa: F401 - registration on import

        signals.connect()


class IdentityUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with user views that apply the least-privilege rules."""

    default = False
    user_viewset = "identity.viewsets.UserViewSet"
