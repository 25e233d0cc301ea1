"""Answer a registered СЕОС document: an outgoing answer in the registry, sent back with DocParentID."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from documents.exchange import actions
from documents.exchange.models import ExchangedDocument
from documents.models import Register

from ._common import actor, dumps, exchanged, validation_message


class Command(BaseCommand):
    help = "Answer a received and registered СЕОС document (by its DocumentGUID) over СЕОС."

    def add_arguments(self, parser):
        parser.add_argument("guid", help="DocumentGUID of the received document")
        parser.add_argument("--register", required=True, help="index of the outgoing register")
        parser.add_argument("--subject", default="")
        parser.add_argument("--file", action="append", default=[])
        parser.add_argument("--comment", default="")
        parser.add_argument("--close", action="store_true", help="close the received document as well")
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args, guid, register, subject, file, comment, close, user, **options):
        who = actor(user)
        item = exchanged(ExchangedDocument.Direction.IN, guid)
        reg = Register.objects.filter(index=register).first()
        if reg is None:
            raise CommandError(f"no register {register!r}")
        handles = [open(path, "rb") for path in file]  # noqa: SIM115 - closed below
        try:
            outgoing = actions.answer_received(
                who,
                item,
                register=reg,
                subject=subject,
                files=[File(h, name=Path(h.name).name) for h in handles],
                comment=comment,
                close_incoming=close,
            )
        except ValidationError as exc:
            raise CommandError(validation_message(exc)) from exc
        finally:
            for h in handles:
                h.close()
        sent = outgoing.exchanges.get(direction=ExchangedDocument.Direction.OUT)
        self.stdout.write(dumps({"document": outgoing.formatted_number, "document_guid": sent.document_guid}))
