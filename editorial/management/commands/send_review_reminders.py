from django.core.management.base import BaseCommand

from editorial import selectors, services


class Command(BaseCommand):
    help = "Email each page owner the pages overdue for review or due within the next 30 days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=selectors.REVIEW_HORIZON_DAYS,
            help="How many days ahead counts as due soon (default 30).",
        )

    def handle(self, *args, days, **options):
        result = services.review_reminders_send(within_days=days)
        for email, count in sorted(result.emailed.items()):
            self.stdout.write(f"Emailed {email} about {count} page(s).")
        for page in result.unowned:
            self.stdout.write(
                self.style.WARNING(
                    f"No owner with an email address to remind: {page.title} (id {page.pk})."
                )
            )
        if not result.emailed and not result.unowned and options["verbosity"] > 0:
            self.stdout.write("No page is due for review.")
