from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, latest_backup, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Restore a backup (a folder made by `backup`, or 'latest') onto an EMPTY database and media folder. "
        "Every file is checked against the manifest first; a damaged backup is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="Path of the backup folder, or 'latest' (newest in BACKUP_DIR).")
        parser.add_argument(
            "--check", action="store_true", help="Only verify the checksums; restore nothing."
        )

    def handle(self, *args, backup, check=False, **options):
        if backup == "latest":
            info = latest_backup()
            if info is None:
                raise CommandError("There is no backup in BACKUP_DIR.")
            path = info.path
        else:
            path = Path(backup)
            if not path.is_dir():
                raise CommandError(f"{path} is not a backup folder.")
        try:
            if check:
                verify_backup(path)
                self.stdout.write(self.style.SUCCESS(f"Backup {path} is complete and its checksums match."))
                return
            restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path}. Run `manage.py migrate` if the code is newer.")
        )
