"""``manage.py verify_journal``: check the audit journal's hash chain; exit 1 naming the broken entry.

The result is stored (``portal.JournalCheck``) like the nightly task's, for the admin's system status page.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.journal_checks import verify_and_record


class Command(BaseCommand):
    help = "Verify the hash chain of the registry's audit journal."

    def handle(self, *args, **options):
        result = verify_and_record()
        if not result.ok:
            raise CommandError(
                f"Journal broken at entry #{result.broken_id}: {result.problem} "
                f"({result.entries} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal intact: {result.entries} entries."))
