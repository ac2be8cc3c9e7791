from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The section's seeded content and the `seed_section` command that loads it."""

    name = "content"
    verbose_name = "Seeded content"
