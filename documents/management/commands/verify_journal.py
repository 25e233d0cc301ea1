"""``manage.py verify_journal``: check the audit journal's hash chain; exit 1 naming the broken entry."""

from django.core.management.base import BaseCommand, CommandError

from documents.journal import verify


class Command(BaseCommand):
    help = "Verify the hash chain of the registry's audit journal."

    def handle(self, *args, **options):
        result = verify()
        if not result.ok:
            raise CommandError(
                f"Journal broken at entry #{result.broken_id}: {result.problem} "
                f"({result.checked} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intact: {result.checked} entries."))
