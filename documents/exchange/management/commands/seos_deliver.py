"""Deliver due СЕОС outbox messages now, in this process (the embedded default has no beat)."""

from django.core.management.base import BaseCommand

from documents.exchange import outbox
from documents.exchange.models import Message


class Command(BaseCommand):
    help = "Attempt delivery of every outbox message that is due (or --all pending ones) and report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="also pending messages whose next try is later"
        )

    def handle(self, *args, all, **options):
        rows = Message.objects.filter(direction=Message.Direction.OUT, status=Message.Status.PENDING)
        if all:
            rows.update(next_try=None)
        else:
            rows = Message.objects.outbox_due()
        counts: dict[str, int] = {}
        for pk in list(rows.order_by("next_try").values_list("pk", flat=True)):
            result = outbox.deliver(pk)
            counts[result] = counts.get(result, 0) + 1
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing due")
