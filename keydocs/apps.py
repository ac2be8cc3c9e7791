from django.apps import AppConfig


class KeydocsConfig(AppConfig):
    """The custom document model and key document collections."""

    name = "keydocs"
    verbose_name = "Key documents"

    def ready(self) -> None:
        """Write the search index for documents once per change (see `keydocs.indexing`)."""
        from keydocs.indexing import connect_index_receivers  # models load after apps
        from keydocs.receivers import connect_receivers

        connect_index_receivers()
        connect_receivers()
