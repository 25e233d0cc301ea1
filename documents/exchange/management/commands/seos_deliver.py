"""Deliver due СЕОС outbox messages now, in this process (the embedded default has no Celery beat)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from documents.exchange import outbox
from documents.exchange.models import Message


class Command(BaseCommand):
    help = "Make one delivery attempt for every outbox message whose next try is due, and report."

    def handle(self, *args, **options):
        counts: dict[str, int] = {}
        for pk in list(Message.objects.outbox_due().order_by("next_try").values_list("pk", flat=True)):
            result = outbox.deliver(pk)
            counts[result] = counts.get(result, 0) + 1
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or _("Nothing is due."))
