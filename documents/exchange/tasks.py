"""Celery tasks of the СЕОС exchange: deliver one outbox message; re-queue what is due."""

import logging

from celery import shared_task
from django.utils import timezone

from . import outbox
from .models import Message

logger = logging.getLogger(__name__)


class RetryLater(Exception):
    """The attempt failed; the outbox row says when to try again."""


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None, ignore_result=True)
def deliver_message(self, message_id: int) -> str:
    """Deliver outbox message ``message_id``; idempotent (a row that is not due or not pending is skipped).

    After a failed attempt the task retries itself when the row's ``next_try`` comes (exponential backoff,
    ``outbox.backoff_seconds``); after the last attempt the row is marked failed. Run eagerly (the
    embedded default) it makes one attempt and leaves the rest to ``requeue_due_messages``/``seos_deliver``.
    """
    result = outbox.deliver(message_id)
    if result == "retry" and not self.request.is_eager:
        next_try = Message.objects.filter(pk=message_id).values_list("next_try", flat=True).first()
        countdown = max(0.0, (next_try - timezone.now()).total_seconds()) if next_try else 0.0
        raise self.retry(exc=RetryLater(f"message {message_id}"), countdown=countdown)
    return result


@shared_task(ignore_result=True)
def requeue_due_messages(limit: int = 500) -> int:
    """Queue delivery of outbox rows whose next try is due: catches rows whose task was lost (a broker
    restart, a worker killed after its lease expired, the embedded default's retries)."""
    ids = list(Message.objects.outbox_due().order_by("next_try").values_list("pk", flat=True)[:limit])
    for pk in ids:
        deliver_message.delay(pk)
    if ids:
        logger.info("СЕОС: re-queued %s outbox messages", len(ids))
    return len(ids)
