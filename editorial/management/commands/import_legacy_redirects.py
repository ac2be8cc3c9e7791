from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from editorial import services


class Command(BaseCommand):
    help = (
        "Import permanent redirects from a CSV file with columns old_path,new_path. "
        "All or nothing: any bad row stops the import and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="Path to the CSV file (UTF-8).")
        parser.add_argument(
            "--site",
            help="Hostname of the site the redirects belong to (default: the default site).",
        )

    def handle(self, *args, csv_file, site=None, **options):
        path = Path(csv_file)
        if not path.is_file():
            raise CommandError(f"No such file: {csv_file}")
        target_site = None
        if site:
            target_site = Site.objects.filter(hostname=site).first()
            if target_site is None:
                raise CommandError(f"No site with hostname “{site}”.")
        try:
            result = services.redirects_import(data=path.read_bytes(), site=target_site)
        except services.RedirectImportError as error:
            problems = "\n".join(f"  {problem}" for problem in error.errors)
            raise CommandError(f"Nothing imported from {csv_file}:\n{problems}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported redirects: {result.created} new, {result.updated} updated."
            )
        )
