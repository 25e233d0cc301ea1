"""Send an outgoing document over СЕОС — an existing one, or register it and send it in one step."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents import actions as registry
from documents.exchange import actions
from documents.models import Document, Register

from ._common import actor, dumps, participant, validation_message


class Command(BaseCommand):
    help = (
        "Send an outgoing document to participants over СЕОС. With --register, first register a new "
        "outgoing document (subject, files) in that register; both happen in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", action="append", required=True, help="participant GUID or ЕИК (repeatable)"
        )
        parser.add_argument("--document", help="formatted number of an outgoing document to send")
        parser.add_argument("--register", help="index of an outgoing register: register a new document first")
        parser.add_argument("--subject", default="")
        parser.add_argument("--kind", default=Document.Kind.LETTER, choices=Document.Kind.values)
        parser.add_argument("--file", action="append", default=[], help="attachment (repeatable)")
        parser.add_argument("--comment", default="")
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args, to, document, register, subject, kind, file, comment, user, **options):
        who = actor(user)
        recipients = [participant(p) for p in to]
        if bool(document) == bool(register):
            raise CommandError("give either --document or --register")
        handles = [open(path, "rb") for path in file]  # noqa: SIM115 - closed below
        try:
            with transaction.atomic():
                if register:
                    reg = Register.objects.filter(index=register).first()
                    if reg is None:
                        raise CommandError(f"no register {register!r}")
                    doc = registry.register_outgoing(
                        who,
                        register=reg,
                        subject=subject,
                        kind=kind,
                        channel=Document.Channel.SEOS,
                        correspondents=[{"kind": "administration", "name": p.name} for p in recipients],
                        files=[File(h, name=Path(h.name).name) for h in handles],
                    )
                else:
                    doc = Document.objects.filter(formatted_number=document).first()
                    if doc is None:
                        raise CommandError(f"no document {document!r}")
                sent = actions.send_document(who, doc, recipients, comment=comment)
        except ValidationError as exc:
            raise CommandError(validation_message(exc)) from exc
        finally:
            for h in handles:
                h.close()
        self.stdout.write(
            dumps(
                {
                    "document": doc.formatted_number,
                    "document_guid": sent[0].document_guid,
                    "to": [e.participant.guid for e in sent],
                }
            )
        )
