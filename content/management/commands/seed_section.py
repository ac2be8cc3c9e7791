"""`manage.py seed_section`: load the section's seed data (content/data/*.yaml)."""

from typing import Any

from django.core.management.base import BaseCommand

from content.loader import load_section


class Command(BaseCommand):
    help = "Create what is missing of the seeded section content. A second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_section()
        self.stdout.write(self.style.SUCCESS(report.summary()))
