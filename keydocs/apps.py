from django.apps import AppConfig


class KeydocsConfig(AppConfig):
    """The custom document model and key document collections."""

    name = "keydocs"
    verbose_name = "Key documents"
