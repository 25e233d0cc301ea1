"""``manage.py verify_journal``: check the audit journal's hash chain, then that it still holds every anchor
recorded outside the database (``documents.anchors``); exit 1 naming the broken entry.

Anchors come from ``--anchors FILE...`` (backup manifests, log files), or else from the manifests of the
backups in ``BACKUP_DIR``; ``--no-anchors`` checks the chain alone. The chain's result is stored
(``portal.JournalCheck``) like the nightly task's, for the admin's system status page.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import anchors
from portal.journal_checks import verify_and_record


class Command(BaseCommand):
    help = "Verify the hash chain of the registry's audit journal and the anchors kept outside the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            dest="anchor_files",
            nargs="+",
            type=Path,
            metavar="FILE",
            help="Backup manifests (manifest.json) or log files with 'journal anchor' lines "
            "(default: the manifests of the backups in BACKUP_DIR).",
        )
        parser.add_argument("--no-anchors", action="store_true", help="Check the hash chain only.")

    def handle(self, *args, anchor_files=None, no_anchors=False, **options):
        result = verify_and_record()
        if not result.ok:
            raise CommandError(
                f"Journal broken at entry #{result.broken_id}: {result.problem} "
                f"({result.entries} entries before it are intact)."
            )
        if no_anchors:
            self.stdout.write(
                self.style.SUCCESS(f"Journal intact: {result.entries} entries (anchors not checked).")
            )
            return
        files = anchor_files or anchors.backup_manifests()
        found = []
        try:
            for path in files:
                found += anchors.read_file(path)
        except anchors.AnchorError as exc:
            raise CommandError(str(exc)) from exc
        if anchor_files and not found:
            raise CommandError("No journal anchors found in the given files.")
        checked = anchors.check(found)
        if not checked.ok:
            raise CommandError(f"Journal does not match its anchors: {checked.problem}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal intact: {result.entries} entries; {checked.checked} anchors from "
                f"{len(files)} files match."
            )
        )
