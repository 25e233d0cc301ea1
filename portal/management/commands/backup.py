from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and the media files (with a SHA-256 manifest) into BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Backup folder (default: settings.BACKUP_DIR).")
        parser.add_argument(
            "--prune", action="store_true", help="Then delete backups past the retention rule."
        )

    def handle(self, *args, dir=None, prune=False, **options):
        try:
            info = create_backup(dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {info.path} ({info.size} bytes)"))
        if prune:
            for path in prune_backups(dir):
                self.stdout.write(f"Pruned: {path}")
