from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Shared records: countries, organisations, roles and their titles, contacts, categories."""

    name = "records"
    verbose_name = "Records"
