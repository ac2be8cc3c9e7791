from django.core.management.base import BaseCommand, CommandError

from editorial import services


class Command(BaseCommand):
    help = (
        "Create or correct the editorial groups (Editors, Moderators, Document managers, "
        "Site administrators), their permissions and the section's moderation workflow. Idempotent."
    )

    def handle(self, *args, **options):
        try:
            workflow = services.governance_ensure()
        except LookupError as error:
            raise CommandError(str(error)) from error
        groups = ", ".join(services.GOVERNANCE_GROUPS)
        self.stdout.write(
            self.style.SUCCESS(f"Governance in place: {groups}; workflow “{workflow.name}”.")
        )
