"""The registry announces changes (``documents.signals``, after commit); the exchange tells the senders.

A received document closed in the registry → ``DS_CLOSED`` to its sender; withdrawn → ``DS_STOPPED``;
reopened after closing → ``DS_REGISTERED`` again. Registration and refusal are exchange actions and push
their notice in their own transaction (``actions.register_received``/``reject_received``).
"""

import logging

from documents.models import Document

from .models import ExchangedDocument
from .wire.messages import DocStatus

logger = logging.getLogger(__name__)

_PUSHED = {
    Document.Status.CLOSED: DocStatus.CLOSED,
    Document.Status.WITHDRAWN: DocStatus.STOPPED,
}


def on_status_changed(sender, *, document_id, old_status, new_status, actor="", **kwargs):
    from .actions import push_status

    status = _PUSHED.get(new_status)
    if status is None and old_status == Document.Status.CLOSED:
        status = DocStatus.REGISTERED
    if status is None:
        return
    received = ExchangedDocument.objects.filter(
        direction=ExchangedDocument.Direction.IN, document_id=document_id
    )
    for exchanged in received.select_related("participant"):
        if push_status(exchanged, status, actor=actor):
            logger.info(
                "СЕОС: %s pushed to %s for document %s", status, exchanged.participant.guid, document_id
            )


def connect():
    from documents import signals

    signals.document_status_changed.connect(on_status_changed, dispatch_uid="exchange-status-changed")
