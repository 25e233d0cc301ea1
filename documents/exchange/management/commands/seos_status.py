"""Show СЕОС documents and messages (JSON lines), or ask a recipient for the status of a sent document."""

from django.core.management.base import BaseCommand

from documents.exchange import actions
from documents.exchange.models import ExchangedDocument, Message

from ._common import actor, describe, dumps, exchanged


class Command(BaseCommand):
    help = "Print exchanged documents and outbox state as JSON lines; --ask GUID polls a recipient."

    def add_arguments(self, parser):
        parser.add_argument("--direction", choices=["in", "out"])
        parser.add_argument("--messages", action="store_true", help="print messages instead of documents")
        parser.add_argument(
            "--ask", metavar="GUID", help="send MSG_DocumentStatusRequest for a sent document"
        )
        parser.add_argument("--user", help="act as this user (default: the system)")

    def handle(self, *args, direction, messages, ask, user, **options):
        if ask:
            row = actions.request_status(actor(user), exchanged(ExchangedDocument.Direction.OUT, ask))
            self.stdout.write(dumps({"queued": row.guid}))
            return
        if messages:
            rows = Message.objects.without_xml().select_related("participant").order_by("created_at", "pk")
            if direction:
                rows = rows.filter(direction=direction)
            for row in rows:
                self.stdout.write(
                    dumps(
                        {
                            "direction": row.direction,
                            "type": row.type,
                            "guid": row.guid,
                            "status": row.status,
                            "attempts": row.attempts,
                            "participant": row.participant.guid,
                            "error": row.error,
                        }
                    )
                )
            return
        items = (
            ExchangedDocument.objects.select_related("participant", "document", "parent__document")
            .prefetch_related("attachments", "history", "document__related")
            .order_by("created_at", "pk")
        )
        if direction:
            items = items.filter(direction=direction)
        for item in items:
            self.stdout.write(dumps(describe(item)))
