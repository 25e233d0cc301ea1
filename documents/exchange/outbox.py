"""The outbound side: signed messages written to the outbox, delivered over HTTPS with retries.

``queue`` writes the signed message in the caller's transaction and schedules delivery on commit.
``deliver`` makes one attempt: it *claims* the row (a short transaction that counts the attempt and leases
the row for longer than an HTTP call can take), posts the same bytes as every earlier attempt, and records
the synchronous answer. A claim fails for a row that is not pending or whose next try is not due, so a
task delivered twice, a retry racing the periodic re-queue, or a task redelivered after its worker was
killed never sends in parallel; the receiver recognises a repeat by its MessageGUID and answers as the
first time (our own endpoint does), so a retry after a lost reply changes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import requests
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import conf
from .models import ExchangedDocument, Message, Participant
from .protocol import apply_status, compose
from .wire import codec, safexml, schema, signing, soap
from .wire import messages as m

logger = logging.getLogger(__name__)


class TransientDeliveryError(Exception):
    """The attempt failed in a way a later attempt may not: network, timeout, HTTP 5xx, ERR_INTERNAL."""


class PermanentDeliveryError(Exception):
    """The receiver refused the message (ERR_EXTERNAL) or cannot be reached by us at all."""


def queue(participant: Participant, body: m.Body, *, exchanged: ExchangedDocument | None = None) -> Message:
    """Sign ``body`` for ``participant`` and put it in the outbox (in the caller's transaction)."""
    message, data = compose(participant, body)
    row = Message.objects.create(
        direction=Message.Direction.OUT,
        type=message.type,
        guid=message.guid,
        participant=participant,
        exchanged_document=exchanged,
        message_date=message.date,
        raw_xml=data.decode("utf-8"),
        sha256=Message.digest(data),
        status=Message.Status.PENDING,
        next_try=message.date,
    )
    transaction.on_commit(lambda: _schedule(row.pk))
    return row


def _schedule(message_id: int) -> None:
    from .tasks import deliver_message

    deliver_message.delay(message_id)


def backoff_seconds(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...): the same curve Celery's
    ``retry_backoff`` uses for the task, without jitter."""
    return get_exponential_backoff_interval(
        factor=settings.SEOS_RETRY_BACKOFF,
        retries=attempt - 1,
        maximum=settings.SEOS_RETRY_BACKOFF_MAX,
        full_jitter=False,
    )


def _lease() -> dt.timedelta:
    connect, read = settings.SEOS_HTTP_TIMEOUT
    return dt.timedelta(seconds=2 * (connect + read) + 30)


def claim(message_id: int) -> Message | None:
    """Take the message for one attempt, or ``None`` if it is not pending or not yet due."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            Message.objects.select_for_update(of=("self",))
            .select_related("participant")
            .filter(pk=message_id)
            .first()
        )
        if row is None or row.direction != Message.Direction.OUT or row.status != Message.Status.PENDING:
            return None
        if row.next_try is not None and row.next_try > now:
            return None
        row.attempts += 1
        row.last_attempt_at = now
        row.next_try = now + _lease()
        row.save(update_fields=["attempts", "last_attempt_at", "next_try", "updated_at"])
    return row


def post(participant: Participant, data: bytes) -> bytes | None:
    """One HTTPS ``Submit`` call; the synchronous answer's message bytes (``None`` when empty)."""
    if not participant.service_uri:
        raise PermanentDeliveryError(f"{participant} has no document-exchange address")
    scheme = urlsplit(participant.service_uri).scheme.lower()
    if scheme != "https" and not (scheme == "http" and settings.SEOS_ALLOW_PLAIN_HTTP):
        raise PermanentDeliveryError(
            f"{participant}'s document-exchange address {participant.service_uri} is not HTTPS "
            "(plain HTTP is allowed only with SEOS_ALLOW_PLAIN_HTTP)"
        )
    cert = None
    if settings.SEOS_CLIENT_CERT:
        cert = (
            (settings.SEOS_CLIENT_CERT, settings.SEOS_CLIENT_KEY)
            if settings.SEOS_CLIENT_KEY
            else settings.SEOS_CLIENT_CERT
        )
    limit = settings.SEOS_MAX_MESSAGE_BYTES
    try:
        with requests.post(
            participant.service_uri,
            data=soap.submit_request(data),
            headers={"Content-Type": soap.CONTENT_TYPE, "SOAPAction": f'"{soap.SOAP_ACTION}"'},
            timeout=tuple(settings.SEOS_HTTP_TIMEOUT),
            cert=cert,
            verify=settings.SEOS_CA_BUNDLE or True,
            stream=True,
            allow_redirects=False,
        ) as response:
            body = bytearray()
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > limit:
                    raise TransientDeliveryError(f"the answer is larger than {limit} bytes")
            status = response.status_code
    except (requests.RequestException, OSError) as exc:
        # OSError besides requests' own: a client certificate or CA bundle path that does not exist is
        # reported that way; a configuration fix later must find the message still in the outbox.
        raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc
    if status == 413:
        raise PermanentDeliveryError("the receiver refuses the message as too large (HTTP 413)")
    try:
        return soap.parse_submit_response(bytes(body), conf.parse_limits())
    except soap.SoapFault as exc:
        raise TransientDeliveryError(f"HTTP {status}, {exc}") from exc
    except (soap.SoapError, safexml.UnsafeXMLError) as exc:
        raise TransientDeliveryError(f"HTTP {status}, not a SOAP answer: {exc}") from exc


def _read_reply(row: Message, data: bytes) -> m.Message:
    """The peer's signed answer, checked like any inbound message (schema, signature, certificate)."""
    participant = row.participant
    try:
        root = safexml.parse(data, conf.parse_limits())
        schema.validate(root)
        verified = signing.verify(root)
        reply = codec.parse(verified.root)
    except (
        safexml.UnsafeXMLError,
        schema.SchemaError,
        signing.SignatureError,
        codec.MessageFormatError,
    ) as exc:
        raise TransientDeliveryError(f"the answer cannot be accepted: {exc}") from exc
    if verified.serial_hex != participant.certificate_serial:
        raise TransientDeliveryError(
            f"the answer is signed with certificate {verified.serial_hex}, not the registered "
            f"{participant.certificate_serial or '(none)'}"
        )
    if reply.sender.guid != participant.guid or reply.recipient.guid != conf.own_entity().guid:
        raise TransientDeliveryError("the answer is not from the recipient to us")
    return reply


def _record(row: Message, data: bytes | None) -> None:
    """Apply the synchronous answer and mark the message delivered (or refused)."""
    reply = _read_reply(row, data) if data is not None else None
    if isinstance(reply, m.Message) and isinstance(reply.body, m.Error):
        if reply.body.error_type == m.ErrorType.INTERNAL:
            raise TransientDeliveryError(f"ERR_INTERNAL: {reply.body.description}")
    with transaction.atomic():
        current = Message.objects.select_for_update().get(pk=row.pk)
        if current.status != Message.Status.PENDING:
            return  # recorded already (a parallel attempt after an expired lease)
        exchanged = (
            ExchangedDocument.objects.select_for_update().get(pk=current.exchanged_document_id)
            if current.exchanged_document_id
            else None
        )
        current.reply_xml = data.decode("utf-8") if data is not None else ""
        current.next_try = None
        if reply is not None and isinstance(reply.body, m.Error):
            current.status, current.error = (
                Message.Status.FAILED,
                f"{reply.body.error_type}: {reply.body.description}",
            )
            if exchanged is not None and current.type == m.MessageType.REGISTRATION_REQUEST:
                apply_status(
                    exchanged,
                    ExchangedDocument.Status.FAILED,
                    message_guid=reply.guid,
                    at=reply.date,
                    reason=reply.body.description,
                    actor=row.participant.name,
                )
        else:
            current.status, current.error, current.delivered_at = Message.Status.SENT, "", timezone.now()
            if exchanged is not None and current.type in (
                m.MessageType.REGISTRATION_REQUEST,
                m.MessageType.STATUS_REQUEST,
            ):
                _apply_answer(exchanged, current, reply)
        current.save()


def _apply_answer(exchanged: ExchangedDocument, sent: Message, reply: m.Message | None) -> None:
    if reply is None:
        # An empty answer to a registration request means "waiting for registration" (edelivery).
        if sent.type == m.MessageType.REGISTRATION_REQUEST:
            apply_status(
                exchanged,
                m.DocStatus.WAIT_REGISTRATION,
                message_guid=sent.guid,
                at=timezone.now(),
                actor=sent.participant.name,
            )
        return
    if isinstance(reply.body, m.StatusResponse) and reply.body.doc_id.guid == exchanged.document_guid:
        apply_status(
            exchanged,
            reply.body.status,
            message_guid=reply.guid,
            at=reply.date,
            doc_id=reply.body.doc_id,
            expected_close_date=reply.body.expected_close_date,
            reason=reply.body.rejection_reason or "",
            actor=sent.participant.name,
        )


def _fail_or_retry(row: Message, error: str, *, permanent: bool) -> bool:
    """After a failed attempt: schedule the next one, or mark the message failed. True if it will retry."""
    with transaction.atomic():
        current = (
            Message.objects.select_for_update(of=("self",))
            .select_related("exchanged_document")
            .get(pk=row.pk)
        )
        if current.status != Message.Status.PENDING:
            return False
        current.error = error[:2000]
        retry = not permanent and current.attempts < settings.SEOS_DELIVERY_MAX_ATTEMPTS
        if retry:
            current.next_try = timezone.now() + dt.timedelta(seconds=backoff_seconds(current.attempts))
        else:
            current.status, current.next_try = Message.Status.FAILED, None
            exchanged = current.exchanged_document
            if exchanged is not None and current.type == m.MessageType.REGISTRATION_REQUEST:
                apply_status(
                    exchanged,
                    ExchangedDocument.Status.FAILED,
                    message_guid=current.guid,
                    at=timezone.now(),
                    reason=current.error,
                    actor="",
                )
        current.save()
    log = logger.warning if retry else logger.error
    log(
        "СЕОС: attempt %s of message %s to %s failed%s: %s",
        row.attempts,
        row.guid,
        row.participant.guid,
        "" if retry else " for the last time",
        error,
    )
    return retry


def deliver(message_id: int) -> str:
    """One delivery attempt. Returns ``sent``, ``failed``, ``retry`` or ``skipped``; raises nothing for
    a failed attempt (the row says when to try again)."""
    row = claim(message_id)
    if row is None:
        return "skipped"
    try:
        _record(row, post(row.participant, row.raw_xml.encode("utf-8")))
    except TransientDeliveryError as exc:
        return "retry" if _fail_or_retry(row, str(exc), permanent=False) else "failed"
    except PermanentDeliveryError as exc:
        _fail_or_retry(row, str(exc), permanent=True)
        return "failed"
    row.refresh_from_db(fields=["status"])
    return "sent" if row.status == Message.Status.SENT else "failed"


def retry_by_hand(row: Message) -> bool:
    """Put a failed message back into the outbox with a fresh count of attempts."""
    with transaction.atomic():
        current = Message.objects.select_for_update().get(pk=row.pk)
        if not current.can_retry:
            return False
        current.status, current.attempts, current.next_try, current.error = (
            Message.Status.PENDING,
            0,
            timezone.now(),
            "",
        )
        current.save(update_fields=["status", "attempts", "next_try", "error", "updated_at"])
        if current.exchanged_document_id and current.type == m.MessageType.REGISTRATION_REQUEST:
            ExchangedDocument.objects.filter(
                pk=current.exchanged_document_id, status=ExchangedDocument.Status.FAILED
            ).update(status=ExchangedDocument.Status.SENDING)
        transaction.on_commit(lambda: _schedule(current.pk))
    return True
