"""Signals the registry sends **after commit** (never inside the transaction), with ids only.

Receivers (``services``, ``documents.exchange``) look the objects up again; the registry imports neither.
Every signal is sent with ``sender=Document`` and these keyword arguments:

- ``document_registered``: ``document_id``, ``register_id``, ``channel``, ``actor`` (label string)
- ``document_assigned``: ``document_id``, ``assignee_id``, ``department_id``, ``actor``
- ``document_status_changed``: ``document_id``, ``old_status``, ``new_status``, ``action``, ``actor``
  (also sent for registration with ``old_status=None``)
- ``document_answered``: ``document_id`` (the incoming one), ``answer_id`` (the outgoing), ``actor``
- ``document_cancelled``: ``document_id``, ``reason``, ``actor``
- ``resolution_created`` / ``resolution_completed``: ``document_id``, ``resolution_id``, ``actor``
- ``deadline_changed``: ``document_id``, ``old_deadline``, ``new_deadline`` (dates or None), ``actor``
"""

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

document_registered = Signal()
document_assigned = Signal()
document_status_changed = Signal()
document_answered = Signal()
document_cancelled = Signal()
resolution_created = Signal()
resolution_completed = Signal()
deadline_changed = Signal()


def send_on_commit(signal: Signal, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once when there is none).

    A failing receiver is logged, never raised: the action has already committed.
    """
    from django.db import transaction

    from documents.models import Document

    def send():
        for receiver, result in signal.send_robust(sender=Document, **kwargs):
            if isinstance(result, Exception):
                logger.error("Receiver %r of a registry signal failed", receiver, exc_info=result)

    transaction.on_commit(send)
