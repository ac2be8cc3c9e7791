from django.core.management.base import BaseCommand

from content.seed import seed_section


class Command(BaseCommand):
    help = "Create or update the seeded section content. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        home = seed_section()
        self.stdout.write(self.style.SUCCESS(f"Seeded section: {home.title} ({home.url_path})"))
