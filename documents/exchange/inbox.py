"""The inbound side of ``Submit``: check a message in the national order, store it, answer at once.

Checks, in order (edelivery's ``ReceiveSeosMessage``): well-formed and safe XML valid against the schema →
the recipient is us → the sender is an active participant → the signature is valid → the signing
certificate's serial is the one the registry records for the sender → the MessageGUID is new. Any
failure: a signed ``MSG_Error`` (``ERR_EXTERNAL``, or ``ERR_INTERNAL`` for our own faults) whose
description says what went wrong, and nothing stored.

A repeat of a message already accepted — the same MessageGUID, the same bytes, from the same sender, as
after a lost reply — is answered with the answer we gave the first time and changes nothing. A different
message under a MessageGUID already used is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from lxml import etree

from documents.files import check_upload
from documents.models import Register

from . import conf
from .models import ExchangedAttachment, ExchangedDocument, Message, Participant
from .protocol import UNKNOWN_ENTITY, apply_status, compose, doc_id_number, our_doc_id
from .wire import codec, safexml, schema, signing, soap
from .wire import messages as m

logger = logging.getLogger(__name__)

SENDER_FAULT = "Неуспешен – Грешка при подателя."
RECEIVER_FAULT = "Неуспешен – Грешка при получателя."


# Why safe parsing refused a message, in words for the sender's administrators (with the details after).
UNSAFE_XML = {
    "too_large": "Съобщението е по-голямо от допустимото.",
    "doctype": "XML с DOCTYPE (DTD, декларации на ентитети) не се приема.",
    "too_deep": "XML е вложен твърде дълбоко.",
    "too_many_elements": "XML съдържа твърде много елементи.",
    "text_too_long": "Текстова стойност (напр. прикачен файл) е по-дълга от допустимото.",
    "malformed": "XML не е добре оформен.",
}


class Refused(Exception):
    """A message we do not accept; ``description`` goes into the MSG_Error (Bulgarian, for the sender)."""

    def __init__(self, reason: str, description: str, error_type: m.ErrorType = m.ErrorType.EXTERNAL):
        super().__init__(description)
        self.reason, self.description, self.error_type = reason, description, error_type
        # Whom to answer, as far as the message let us know before it was refused.
        self.claimed: _Claimed | None = None
        self.participant: Participant | None = None


@dataclass
class Outcome:
    """What ``Submit`` answers: the signed reply (or ``None`` for an empty answer) and the HTTP status."""

    reply: bytes | None
    http_status: int = 200
    refused: Refused | None = None


@dataclass
class _Claimed:
    """Header fields read from a not yet verified message: used only to choose whom to answer."""

    sender: m.Entity
    recipient_guid: str | None
    message_guid: str | None


def _peek(root: etree._Element) -> _Claimed:
    def text(path):
        return root.findtext(path, namespaces={"s": m.NS})

    def guid(path):
        try:
            return m.normalize_guid(text(path) or "")
        except ValueError:
            return None

    sender_guid = guid("s:Header/s:Sender/s:GUID")
    sender = (
        m.Entity(
            identifier=(text("s:Header/s:Sender/s:Identifier") or "")[:50],
            name=(text("s:Header/s:Sender/s:AdministrativeBodyName") or "")[:500],
            guid=sender_guid,
        )
        if sender_guid
        else UNKNOWN_ENTITY
    )
    return _Claimed(sender, guid("s:Header/s:Recipient/s:GUID"), guid("s:Header/s:MessageGUID"))


def _error_reply(refused: Refused, to: Participant | m.Entity, message_guid: str | None) -> bytes:
    body = m.Error(error_type=refused.error_type, description=refused.description, message_guid=message_guid)
    return compose(to, body)[1]


def receive_soap(data: bytes) -> Outcome:
    """Handle one HTTP body posted to the endpoint: a SOAP ``Submit`` request."""
    with translation.override("bg"):
        try:
            message_bytes = soap.parse_submit_request(data, conf.parse_limits())
        except (safexml.UnsafeXMLError, soap.SoapError) as exc:
            reason = getattr(exc, "reason", "bad_envelope")
            refused = Refused(
                reason,
                f"{SENDER_FAULT} Заявката не е валидно SOAP съобщение Submit. "
                f"{UNSAFE_XML.get(reason, '')} ({exc})",
            )
            refused.claimed = _Claimed(UNKNOWN_ENTITY, None, None)
            return Outcome(_error_reply(refused, UNKNOWN_ENTITY, None), refused=refused)
        return receive(message_bytes)


def receive(data: bytes) -> Outcome:
    """Check, store and answer one signed СЕОС message (the content of ``<request>``).

    A refused message's ``Outcome.refused`` carries the reason and what the message claimed about
    itself (``claimed``), for the caller's security log."""
    try:
        root, claimed, participant, verified = _check(data)
        try:
            return _accept(data, root, participant, verified)
        except Refused as refused:
            refused.claimed, refused.participant = claimed, participant
            raise
    except Refused as refused:
        claimed = refused.claimed = refused.claimed or _Claimed(UNKNOWN_ENTITY, None, None)
        participant = refused.participant
        return Outcome(
            _error_reply(refused, participant or claimed.sender, claimed.message_guid), refused=refused
        )


def _check(data: bytes):
    limits = conf.parse_limits()
    try:
        root = safexml.parse(data, limits)
    except safexml.UnsafeXMLError as exc:
        raise Refused(exc.reason, f"{SENDER_FAULT} {UNSAFE_XML.get(exc.reason, '')} ({exc})") from exc
    claimed = _peek(root)
    try:
        schema.validate(root)
    except schema.SchemaError as exc:
        raise _with(
            claimed, Refused("schema", f"{SENDER_FAULT} Съобщението не съответства на XSD схемите: {exc}")
        ) from exc

    me = conf.own_entity()
    if claimed.recipient_guid != me.guid:
        raise _with(
            claimed,
            Refused(
                "recipient",
                f"{SENDER_FAULT} Получателят {claimed.recipient_guid} не съвпада с участника, "
                f"за който настоящата крайна точка отговаря ({me.name}, {me.guid}).",
            ),
        )
    participant = Participant.objects.filter(guid=claimed.sender.guid).first()
    if participant is None or not participant.is_active:
        raise _with(
            claimed,
            Refused(
                "sender",
                f"{SENDER_FAULT} Подателят {claimed.sender.guid} не съвпада с активен участник от Регистъра.",
            ),
        )
    try:
        verified = signing.verify(root)
    except signing.SignatureError as exc:
        raise _with(
            claimed,
            Refused("signature", f"{SENDER_FAULT} Електронният подпис на съобщението е невалиден: {exc}"),
            participant,
        ) from exc
    if not participant.certificate_serial or verified.serial_hex != participant.certificate_serial:
        raise _with(
            claimed,
            Refused(
                "certificate",
                f"{SENDER_FAULT} Съобщението е подписано със сертификат "
                f"(сериен номер {verified.serial_hex}), различен от транспортния сертификат, "
                "асоцииран с подателя в Регистъра.",
            ),
            participant,
        )
    return verified.root, claimed, participant, verified


def _with(claimed: _Claimed, refused: Refused, participant: Participant | None = None) -> Refused:
    refused.claimed, refused.participant = claimed, participant
    return refused


def _duplicate(participant: Participant, guid: str, sha256: str) -> Outcome:
    """The answer to a MessageGUID seen before: the same bytes replay our first answer; others are refused."""
    earlier = Message.objects.filter(direction=Message.Direction.IN, guid=guid).first()
    if earlier and earlier.participant_id == participant.pk and earlier.sha256 == sha256:
        logger.info("СЕОС: message %s delivered again; answering as the first time", guid)
        return Outcome(earlier.reply_xml.encode("utf-8") if earlier.reply_xml else None)
    raise Refused(
        "duplicate", f"{SENDER_FAULT} Съобщение с идентификатор (MessageGUID) {guid} вече е получено."
    )


def _accept(data: bytes, root: etree._Element, participant: Participant, verified) -> Outcome:
    try:
        message = codec.parse(root)
    except (codec.MessageFormatError, ValueError) as exc:
        raise Refused("format", f"{SENDER_FAULT} Съобщението не може да бъде обработено: {exc}") from exc
    sha256 = Message.digest(data)
    if Message.objects.filter(direction=Message.Direction.IN, guid=message.guid).exists():
        return _duplicate(participant, message.guid, sha256)
    try:
        with transaction.atomic():
            # One sender's messages are handled one at a time: two copies racing in settle as a repeat.
            Participant.objects.select_for_update().get(pk=participant.pk)
            if Message.objects.filter(direction=Message.Direction.IN, guid=message.guid).exists():
                return _duplicate(participant, message.guid, sha256)
            row = Message.objects.create(
                direction=Message.Direction.IN,
                type=message.type,
                guid=message.guid,
                participant=participant,
                message_date=message.date,
                raw_xml=data.decode("utf-8"),
                sha256=sha256,
                signer_serial=verified.serial_hex,
                status=Message.Status.RECEIVED,
                delivered_at=timezone.now(),
            )
            reply = HANDLERS[message.type](participant, message, row)
            if reply is not None:
                row.reply_xml = reply.decode("utf-8")
                row.save(update_fields=["reply_xml", "exchanged_document", "updated_at"])
            elif row.exchanged_document_id:
                row.save(update_fields=["exchanged_document", "updated_at"])
            return Outcome(reply)
    except Refused:
        raise
    except Exception as exc:  # our fault: say so, keep nothing
        logger.exception("СЕОС: could not process message %s", message.guid)
        raise Refused(
            "internal",
            f"{RECEIVER_FAULT} Съобщението не може да бъде обработено в момента.",
            m.ErrorType.INTERNAL,
        ) from exc


# --- one handler per message type -------------------------------------------------------------------


def _check_attachments(document: m.Document) -> list:
    """Each inline file checked as an upload would be (type by content, extension, size)."""
    register = Register.objects.for_purpose(Register.Purpose.SEOS)
    allowed = register.extensions if register else None
    checked = []
    for att in document.attachments:
        try:
            checked.append(
                check_upload(
                    ContentFile(att.content, name=att.file_name),
                    max_bytes=settings.SEOS_MAX_ATTACHMENT_BYTES,
                    allowed_types=allowed,
                )
            )
        except ValidationError as exc:
            raise Refused(
                "attachment", f"{SENDER_FAULT} Прикаченият файл не е приет: {' '.join(exc.messages)}"
            ) from exc
    return checked


def _registration(participant: Participant, message: m.Message, row: Message) -> bytes:
    doc = message.body.document
    existing = ExchangedDocument.objects.filter(
        direction=ExchangedDocument.Direction.IN, participant=participant, document_guid=doc.id.guid
    ).first()
    if existing is not None:
        row.exchanged_document = existing
        body = m.StatusResponse(doc_id=m.DocumentId(guid=doc.id.guid), status=m.DocStatus.ALREADY_RECEIVED)
        return compose(participant, body)[1]

    checked = _check_attachments(doc)
    sender_number, sender_date = doc_id_number(doc.id)
    parent_number, parent_date = doc_id_number(doc.parent_id) if doc.parent_id else ("", None)
    parent = None
    if doc.parent_id is not None:
        parent = ExchangedDocument.objects.filter(
            direction=ExchangedDocument.Direction.OUT,
            participant=participant,
            document_guid=doc.parent_id.guid,
        ).first()
    now = timezone.now()
    exchanged = ExchangedDocument.objects.create(
        direction=ExchangedDocument.Direction.IN,
        participant=participant,
        document_guid=doc.id.guid,
        parent=parent,
        status=ExchangedDocument.Status.WAIT_REGISTRATION,
        status_changed_at=now,
        sender_number=(doc.id.number.number if doc.id.number else "")[:200],
        sender_date=sender_date,
        sender_uri_register_index=doc.id.uri.register_index if doc.id.uri else None,
        sender_uri_sequence_number=doc.id.uri.sequence_number if doc.id.uri else None,
        sender_uri_date=doc.id.uri.receipt_or_signing_date if doc.id.uri else None,
        parent_guid=doc.parent_id.guid if doc.parent_id else "",
        parent_number=parent_number[:200],
        parent_date=parent_date,
        kind=doc.kind[:200],
        about=doc.about or "",
        comment=doc.comment or "",
        send_comment=message.body.comment or "",
        attention_to=(doc.attention_to or "")[:500],
        requested_close_date=doc.requested_close_date,
        service_name=(doc.service.name if doc.service else "")[:500],
        service_type=(doc.service.type if doc.service else "")[:100],
        service_code=(doc.service.code if doc.service else "")[:200],
        add_data=doc.add_data or "",
        correspondents=[{k: v for k, v in vars(c).items() if v is not None} for c in doc.correspondents],
    )
    ExchangedAttachment.objects.bulk_create(
        ExchangedAttachment(
            exchanged_document=exchanged,
            position=position,
            file_name=ok.name,
            declared_type=(att.mime_type or "")[:255],
            content_type=ok.content_type,
            size=ok.size,
            sha256=ok.sha256,
            comment=att.comment or "",
        )
        for position, (att, ok) in enumerate(zip(doc.attachments, checked, strict=True))
    )
    row.exchanged_document = exchanged
    reply, data = compose(
        participant,
        m.StatusResponse(doc_id=m.DocumentId(guid=doc.id.guid), status=m.DocStatus.WAIT_REGISTRATION),
    )
    apply_status(
        exchanged, m.DocStatus.WAIT_REGISTRATION, message_guid=reply.guid, at=now, actor=participant.name
    )
    logger.info("СЕОС: document %s received from %s, waiting for registration", doc.id.guid, participant.guid)
    return data


def _status_request(participant: Participant, message: m.Message, row: Message) -> bytes:
    guid = message.body.doc_id.guid
    exchanged = (
        ExchangedDocument.objects.select_related("document")
        .filter(direction=ExchangedDocument.Direction.IN, participant=participant, document_guid=guid)
        .first()
    )
    if exchanged is None:
        body = m.StatusResponse(doc_id=m.DocumentId(guid=guid), status=m.DocStatus.NOT_FOUND)
    else:
        row.exchanged_document = exchanged
        body = m.StatusResponse(
            doc_id=our_doc_id(exchanged),
            status=m.DocStatus(exchanged.status),
            rejection_reason=exchanged.rejection_reason or None,
            expected_close_date=exchanged.document.deadline if exchanged.document else None,
        )
    return compose(participant, body)[1]


def _status_response(participant: Participant, message: m.Message, row: Message) -> None:
    body = message.body
    exchanged = (
        ExchangedDocument.objects.select_for_update()
        .filter(
            direction=ExchangedDocument.Direction.OUT, participant=participant, document_guid=body.doc_id.guid
        )
        .first()
    )
    if exchanged is None:
        raise Refused("not_found", f"{SENDER_FAULT} Документът не е открит ({body.doc_id.guid}).")
    row.exchanged_document = exchanged
    apply_status(
        exchanged,
        body.status,
        message_guid=message.guid,
        at=message.date,
        doc_id=body.doc_id,
        expected_close_date=body.expected_close_date,
        reason=body.rejection_reason or "",
        actor=participant.name,
    )
    return None


def _error(participant: Participant, message: m.Message, row: Message) -> None:
    """A later MSG_Error about a message of ours: that message (and its document) failed."""
    body = message.body
    if body.message_guid:
        ours = (
            Message.objects.select_for_update(of=("self",))
            .filter(direction=Message.Direction.OUT, guid=body.message_guid, participant=participant)
            .select_related("exchanged_document")
            .first()
        )
        if ours is not None:
            ours.status, ours.error = Message.Status.FAILED, f"{body.error_type}: {body.description}"
            ours.next_try = None
            ours.save(update_fields=["status", "error", "next_try", "updated_at"])
            row.exchanged_document = ours.exchanged_document
            if ours.exchanged_document and ours.type == m.MessageType.REGISTRATION_REQUEST:
                apply_status(
                    ours.exchanged_document,
                    ExchangedDocument.Status.FAILED,
                    message_guid=message.guid,
                    at=message.date,
                    reason=body.description,
                    actor=participant.name,
                )
    logger.warning(
        "СЕОС: %s reports an error about %s: %s", participant.guid, body.message_guid, body.description
    )
    return None


HANDLERS = {
    m.MessageType.REGISTRATION_REQUEST: _registration,
    m.MessageType.STATUS_REQUEST: _status_request,
    m.MessageType.STATUS_RESPONSE: _status_response,
    m.MessageType.ERROR: _error,
}
