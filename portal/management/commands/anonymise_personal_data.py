from django.core.management.base import BaseCommand, CommandError

from portal import personal_data


class Command(BaseCommand):
    help = "Anonymise personal data past its retention period (each app registers what that means)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")

    def handle(self, *args, dry_run=False, **options):
        results = personal_data.anonymise(dry_run=dry_run)
        verb = "would be anonymised" if dry_run else "anonymised"
        for name, count in results.items():
            self.stdout.write(f"{name}: {count} {verb}" if count >= 0 else f"{name}: FAILED (see the log)")
        if not results:
            self.stdout.write("No anonymiser is registered yet.")
        if any(count < 0 for count in results.values()):
            raise CommandError("An anonymiser failed.")
