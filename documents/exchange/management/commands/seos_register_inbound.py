"""Register documents received over СЕОС (waiting for registration) in the registry."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents.exchange import actions
from documents.exchange.models import ExchangedDocument
from documents.models import Register

from ._common import actor, dumps, exchanged, validation_message


class Command(BaseCommand):
    help = "Register received СЕОС documents (by DocumentGUID, or --all waiting) and notify their senders."

    def add_arguments(self, parser):
        parser.add_argument("guids", nargs="*", help="DocumentGUIDs of received documents")
        parser.add_argument("--all", action="store_true", help="every document waiting for registration")
        parser.add_argument("--register", help="index of the incoming register (default: the СЕОС register)")
        parser.add_argument("--reject", metavar="REASON", help="refuse them with this reason instead")
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args, guids, all, register, reject, user, **options):
        who = actor(user)
        if all:
            items = list(
                ExchangedDocument.objects.filter(
                    direction=ExchangedDocument.Direction.IN,
                    status=ExchangedDocument.Status.WAIT_REGISTRATION,
                ).order_by("created_at")
            )
        else:
            items = [exchanged(ExchangedDocument.Direction.IN, g) for g in guids]
        reg = None
        if register:
            reg = Register.objects.filter(index=register).first()
            if reg is None:
                raise CommandError(f"no register {register!r}")
        for item in items:
            try:
                if reject:
                    actions.reject_received(who, item, reason=reject)
                    self.stdout.write(dumps({"document_guid": item.document_guid, "status": "rejected"}))
                else:
                    doc = actions.register_received(who, item, register=reg)
                    self.stdout.write(
                        dumps({"document_guid": item.document_guid, "number": doc.formatted_number})
                    )
            except ValidationError as exc:
                raise CommandError(f"{item.document_guid}: {validation_message(exc)}") from exc
