"""Rules shared by the inbox and the outbox: composing messages, applying statuses, kinds of documents."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import Document

from . import conf, wire
from .models import ExchangedDocument, Participant, StatusChange
from .wire import messages as m
from .wire.signing import SignatureAlgorithm

UNKNOWN_ENTITY = m.Entity(identifier="", name="", guid="{00000000-0000-0000-0000-000000000000}")


def compose(recipient: Participant | m.Entity, body: m.Body) -> tuple[m.Message, bytes]:
    """A new message from us to ``recipient``, signed with the algorithm the participant expects."""
    if isinstance(recipient, Participant):
        entity, algorithm = recipient.entity, SignatureAlgorithm(recipient.signature_algorithm)
    else:
        entity, algorithm = recipient, SignatureAlgorithm.RSA_SHA256
    message = m.Message(
        sender=conf.own_entity(), recipient=entity, guid=m.new_guid(), date=timezone.now(), body=body
    )
    return message, wire.emit(message, conf.signing_identity(), algorithm)


def our_doc_id(exchanged: ExchangedDocument) -> m.DocumentId:
    """DocID of a received document as we report it: its DocumentGUID, plus our number once registered."""
    doc = exchanged.document
    if doc is None:
        return m.DocumentId(guid=exchanged.document_guid)
    return m.DocumentId(
        guid=exchanged.document_guid, number=m.DocumentNumber(doc.formatted_number, doc.registered_on)
    )


def doc_id_number(doc_id: m.DocumentId) -> tuple[str, dt.date | None]:
    """A DocID's number and date as one line: the free-text number, or "index-sequence" from the УРИ."""
    if doc_id.number is not None:
        return doc_id.number.number, doc_id.number.date
    if doc_id.uri is not None:
        uri = doc_id.uri
        text = "-".join(str(p) for p in (uri.register_index, uri.sequence_number) if p is not None)
        return text, uri.receipt_or_signing_date
    return "", None


def apply_status(
    exchanged: ExchangedDocument,
    status: str,
    *,
    message_guid: str,
    at: dt.datetime,
    doc_id: m.DocumentId | None = None,
    expected_close_date: dt.date | None = None,
    reason: str = "",
    actor: str = "",
) -> bool:
    """Record ``status`` for ``exchanged`` as carried by message ``message_guid``; idempotent.

    The history gets one entry per message (a message seen again changes nothing). The current status
    follows the latest message by its date, so a late synchronous answer ("waiting for registration")
    never overwrites a registration notice that overtook it. Returns whether anything changed.
    """
    number, date = doc_id_number(doc_id) if doc_id is not None else ("", None)
    try:
        with transaction.atomic():
            StatusChange.objects.create(
                exchanged_document=exchanged,
                status=status,
                message_guid=message_guid,
                at=at,
                number=number[:200],
                date=date,
                expected_close_date=expected_close_date,
                reason=reason or "",
                actor=actor[:200],
            )
    except IntegrityError:
        return False
    newer = exchanged.status in (ExchangedDocument.Status.SENDING, ExchangedDocument.Status.FAILED) or (
        at >= exchanged.status_changed_at
    )
    if newer:
        exchanged.status, exchanged.status_changed_at = status, at
        if (
            status == m.DocStatus.REGISTERED
            and exchanged.direction == ExchangedDocument.Direction.OUT
            and number
        ):
            exchanged.recipient_number, exchanged.recipient_date = number[:200], date
        if expected_close_date is not None:
            exchanged.expected_close_date = expected_close_date
        if status == m.DocStatus.REJECTED:
            exchanged.rejection_reason = reason or ""
        exchanged.save()
    return newer


# --- kinds of documents: free text on the wire, a choice in the registry ---------------------------

# The Bulgarian names the national systems write in DocKind (first name of each kind is what we write).
_KIND_NAMES = {
    Document.Kind.APPLICATION: ("Заявление", "Молба"),
    Document.Kind.LETTER: ("Писмо", "Становище", "Отговор"),
    Document.Kind.COMPLAINT: ("Жалба",),
    Document.Kind.SIGNAL: ("Сигнал",),
    Document.Kind.PROPOSAL: ("Предложение",),
    Document.Kind.ORDER: ("Заповед",),
    Document.Kind.REQUEST: ("Искане",),
    Document.Kind.REPORT: ("Доклад", "Отчет"),
    Document.Kind.MEMO: ("Докладна записка",),
    Document.Kind.NOTIFICATION: ("Уведомление",),
    Document.Kind.INVITATION: ("Покана",),
    Document.Kind.PROTOCOL: ("Протокол",),
    Document.Kind.CONTRACT: ("Договор",),
    Document.Kind.OTHER: ("Друг документ",),
}
_KIND_BY_NAME = {name.lower(): kind for kind, names in _KIND_NAMES.items() for name in names}


def registry_kind(doc_kind: str) -> str:
    """The registry's kind for a DocKind such as "Писмо" or "Жалба" (``other`` when nothing fits)."""
    text = (doc_kind or "").strip().lower()
    return _KIND_BY_NAME.get(text) or (text if text in Document.Kind.values else Document.Kind.OTHER)


def wire_kind(kind: str) -> str:
    """The DocKind we write for a registry kind: its Bulgarian name ("Писмо")."""
    return _KIND_NAMES.get(kind, _KIND_NAMES[Document.Kind.OTHER])[0]
