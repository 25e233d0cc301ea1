"""Import СЕОС participants from the registry's GetAllRecords answer (XML) or from a CSV file."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents.exchange import participants_import


class Command(BaseCommand):
    help = "Import СЕОС participants from a GetAllRecords answer (XML) or a CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="GetAllRecords SOAP answer (.xml) or CSV with a header row")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            records = participants_import.read_file(path.name, path.read_bytes())
        except (ValidationError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        result = participants_import.import_records(records)
        if result.errors:
            raise CommandError(_("Nothing imported:") + "\n" + "\n".join(result.errors))
        self.stdout.write(
            _("Participants: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
