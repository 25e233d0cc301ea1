from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "documents.exchange"
    label = "exchange"
    verbose_name = _("СЕОС exchange")

    def ready(self):
        from django.conf import settings

        from . import receivers

        receivers.connect()
        # Re-queue outbox messages whose next attempt is due (their own retry may have been lost).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "exchange-requeue-due-messages",
            {
                "task": "documents.exchange.tasks.requeue_due_messages",
                "schedule": settings.SEOS_REQUEUE_SECONDS,
            },
        )
