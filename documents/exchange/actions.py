"""What people (and commands) do with СЕОС: send, register or reject what came, answer, ask, retry.

Each action checks permission (registrars and managers; system actors), validates (``ValidationError``
with a message per field, in the user's language), changes state in one transaction together with the
outbox row of the message it causes, and journals. Registry state changes go through
``documents.actions`` (``register_incoming``, ``answer``); nothing here writes a registry document.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import actions as registry
from documents import journal, permissions
from documents.actors import SEOS
from documents.models import Document, Register
from documents.validators import is_valid_eik

from . import conf, outbox
from .models import ExchangedDocument, Message, Participant
from .protocol import apply_status, our_doc_id, registry_kind, wire_kind
from .wire import codec, safexml
from .wire import messages as m

DEFAULT_SEND_COMMENT = "Изпратено чрез СЕОС"


def _require_registrar(actor) -> None:
    if not (permissions.is_manager(actor) or permissions.is_registrar(actor)):
        raise PermissionDenied(_("Only registrars and managers may exchange documents over СЕОС."))


def document_guid(document: Document) -> str:
    """The DocumentGUID of one of our documents: stable, the same for every recipient and every retry."""
    return "{" + str(uuid.uuid5(uuid.UUID(conf.own_entity().guid[1:-1]), f"document:{document.pk}")) + "}"


def _lock(exchanged: ExchangedDocument) -> ExchangedDocument:
    return (
        ExchangedDocument.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=exchanged.pk)
    )


# --- sending ---------------------------------------------------------------------------------------


def _wire_attachments(document: Document) -> tuple[m.Attachment, ...]:
    items = []
    for att in document.attachments.all():
        with att.file.open("rb") as fh:
            content = fh.read()
        items.append(
            m.Attachment(
                file_name=att.original_name,
                content=content,
                mime_type=att.content_type,
                comment=att.description or None,
            )
        )
    return tuple(items)


def _wire_correspondents(document: Document) -> tuple[m.Correspondent, ...]:
    """The people and organisations the document concerns (the administrations it goes to are the header)."""
    return tuple(
        m.Correspondent(
            name=c.name,
            city=c.city or "-",
            address=c.address or None,
            bulstat=c.eik or None,
            email=c.email or None,
            phone=c.phone or None,
            kind=m.CorrespondentKind.OTHER,
        )
        for c in document.correspondents.all()
        if c.kind != c.Kind.ADMINISTRATION
    )


def _parent_id(
    document: Document, participant: Participant
) -> tuple[m.DocumentId | None, ExchangedDocument | None]:
    """DocParentID for an answer to a document this participant sent us: their DocumentGUID and number."""
    if document.in_reply_to_id is None:
        return None, None
    received = ExchangedDocument.objects.filter(
        direction=ExchangedDocument.Direction.IN, participant=participant, document_id=document.in_reply_to_id
    ).first()
    if received is None:
        return None, None
    number = None
    if received.sender_reference and (received.sender_date or received.sender_uri_date):
        number = m.DocumentNumber(received.sender_reference, received.sender_date or received.sender_uri_date)
    return m.DocumentId(guid=received.document_guid, number=number), received


def send_document(
    actor,
    document: Document,
    participants,
    *,
    comment: str = "",
    requested_close_date=None,
    attention_to: str = "",
) -> list[ExchangedDocument]:
    """Send our registered outgoing ``document`` to each of ``participants`` (a registration request).

    One outbox message per participant, written in this transaction (call it inside the one that
    registers the document to make both one step). A document goes to a participant once.
    """
    _require_registrar(actor)
    permissions.require(actor, "view", document)
    return _send(
        actor,
        document,
        participants,
        comment=comment,
        requested_close_date=requested_close_date,
        attention_to=attention_to,
    )


def _send(actor, document, participants, *, comment="", requested_close_date=None, attention_to=""):
    participants = list(participants)
    errors = {}
    if document.register.direction != Register.Direction.OUTGOING:
        errors["document"] = _("Only outgoing documents can be sent over СЕОС.")
    elif document.is_cancelled:
        errors["document"] = _("Document %(number)s is cancelled.") % {"number": document.formatted_number}
    if not participants:
        errors["participants"] = _("Choose at least one administration.")
    unreachable = [str(p) for p in participants if not p.can_receive]
    if unreachable:
        errors["participants"] = _(
            "These administrations cannot receive documents over СЕОС now: %(names)s."
        ) % {"names": ", ".join(unreachable)}
    if requested_close_date is not None and requested_close_date < timezone.localdate():
        errors["requested_close_date"] = _("The requested deadline cannot be in the past.")
    already = ExchangedDocument.objects.filter(
        direction=ExchangedDocument.Direction.OUT, document=document, participant__in=participants
    ).select_related("participant")
    if already:
        errors["participants"] = _("Already sent to: %(names)s.") % {
            "names": ", ".join(str(e.participant) for e in already)
        }
    if errors:
        raise ValidationError(errors)

    guid = document_guid(document)
    attachments = _wire_attachments(document)
    correspondents = _wire_correspondents(document)
    now = timezone.now()
    sent = []
    with transaction.atomic():
        for participant in participants:
            parent_id, received = _parent_id(document, participant)
            body = m.RegistrationRequest(
                document=m.Document(
                    id=m.DocumentId(
                        guid=guid, number=m.DocumentNumber(document.formatted_number, document.registered_on)
                    ),
                    parent_id=parent_id,
                    kind=wire_kind(document.kind),
                    correspondents=correspondents,
                    attachments=attachments,
                    about=document.subject,
                    comment=document.note or None,
                    requested_close_date=requested_close_date,
                    attention_to=attention_to or None,
                ),
                comment=comment or DEFAULT_SEND_COMMENT,
            )
            exchanged = ExchangedDocument.objects.create(
                direction=ExchangedDocument.Direction.OUT,
                participant=participant,
                document_guid=guid,
                document=document,
                status=ExchangedDocument.Status.SENDING,
                status_changed_at=now,
                sender_number=document.formatted_number,
                sender_date=document.registered_on,
                parent=received,
                parent_guid=parent_id.guid if parent_id else "",
                kind=body.document.kind,
                about=document.subject,
                send_comment=body.comment,
                attention_to=attention_to,
                requested_close_date=requested_close_date,
            )
            row = outbox.queue(participant, body, exchanged=exchanged)
            apply_status(
                exchanged,
                ExchangedDocument.Status.SENDING,
                message_guid=row.guid,
                at=now,
                actor=journal.actor_label(actor),
            )
            sent.append(exchanged)
        journal.record(
            actor,
            "seos_send",
            document,
            None,
            {"document_guid": guid, "participants": [p.guid for p in participants]},
        )
    return sent


# --- what came in ----------------------------------------------------------------------------------


def _received_files(exchanged: ExchangedDocument) -> list[ContentFile]:
    """The attachments of a received document, from its signed registration request (the original)."""
    request = (
        exchanged.messages.filter(direction=Message.Direction.IN, type=m.MessageType.REGISTRATION_REQUEST)
        .order_by("created_at", "pk")
        .first()
    )
    if request is None:
        return []
    data = request.raw_xml.encode("utf-8")
    message = codec.parse(safexml.parse(data, conf.parse_limits()))
    return [ContentFile(att.content, name=att.file_name) for att in message.body.document.attachments]


def _correspondents(exchanged: ExchangedDocument, register: Register) -> list[dict]:
    """The sending administration first, then the correspondents named in the document."""
    participant = exchanged.participant
    items = [
        {
            "kind": "administration",
            "name": participant.name[:255],
            "eik": participant.eik if is_valid_eik(participant.eik) else "",
            "email": _email(participant.email),
        }
    ]
    for cor in exchanged.correspondents:
        items.append(
            {
                "kind": "organisation" if cor.get("bulstat") else "person",
                "name": (cor.get("name") or "")[:255],
                "city": (cor.get("city") or "")[:100],
                "address": (cor.get("address") or "")[:255],
                "eik": cor["bulstat"] if is_valid_eik(cor.get("bulstat") or "") else "",
                "egn": (cor.get("egn") or "") if register.requires_egn else "",
                "email": _email(cor.get("email")),
                "phone": (cor.get("phone") or cor.get("mobile_phone") or "")[:40],
            }
        )
    return items


def _email(value) -> str:
    try:
        validate_email(value or "")
    except ValidationError:
        return ""
    return value


def register_received(
    actor,
    exchanged: ExchangedDocument,
    *,
    register: Register | None = None,
    kind: str | None = None,
    subject: str | None = None,
    deadline=None,
    assignee=None,
    department=None,
    note: str = "",
) -> Document:
    """Register a document received over СЕОС as our incoming document and tell the sender.

    Creates the registry document (``documents.actions.register_incoming``, channel СЕОС, the sender's
    number and date, the files from the signed message), links it to our letter when it answers one
    (DocParentID), and queues ``DS_REGISTERED`` with our number, date and the deadline — one transaction.
    A document already registered is returned as it is: never a second registry document.
    """
    _require_registrar(actor)
    original = exchanged
    with transaction.atomic():
        exchanged = _lock(exchanged)
        if exchanged.direction != ExchangedDocument.Direction.IN:
            raise ValidationError(_("Only received documents can be registered."))
        if exchanged.document_id is not None:
            return exchanged.document
        if exchanged.status != ExchangedDocument.Status.WAIT_REGISTRATION:
            raise ValidationError(
                _("This document is %(status)s; it cannot be registered.")
                % {"status": exchanged.get_status_display()}
            )
        register = register or Register.objects.for_purpose(Register.Purpose.SEOS)
        if register is None:
            raise ValidationError({"register": _("Choose the register for documents received over СЕОС.")})
        today = timezone.localdate()
        requested = exchanged.requested_close_date
        document = registry.register_incoming(
            actor,
            register=register,
            subject=(subject or exchanged.about or exchanged.kind or _("Document received over СЕОС"))[:1000],
            kind=kind or registry_kind(exchanged.kind),
            channel=Document.Channel.SEOS,
            correspondents=_correspondents(exchanged, register),
            files=_received_files(exchanged),
            deadline=deadline or (requested if requested and requested >= today else None),
            sender_reference=exchanged.sender_reference[:64],
            sender_date=exchanged.sender_date or exchanged.sender_uri_date,
            note=note,
            assignee=assignee,
            department=department,
        )
        exchanged.document = document
        exchanged.save(update_fields=["document", "updated_at"])
        if exchanged.parent_id and exchanged.parent.document_id:
            # The protocol says this answers our letter (DocParentID): the link is СЕОС's, not the clerk's.
            registry.link_related(SEOS, document, exchanged.parent.document)
        _push(exchanged, m.DocStatus.REGISTERED, actor=journal.actor_label(actor), deadline=document.deadline)
    original.refresh_from_db()
    return document


def reject_received(actor, exchanged: ExchangedDocument, *, reason: str) -> ExchangedDocument:
    """Refuse to register a received document; the sender gets ``DS_REJECTED`` with ``reason``."""
    _require_registrar(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the document is refused.")})
    with transaction.atomic():
        locked = _lock(exchanged)
        if (
            locked.direction != ExchangedDocument.Direction.IN
            or locked.status != ExchangedDocument.Status.WAIT_REGISTRATION
        ):
            raise ValidationError(
                _("This document is %(status)s; it cannot be refused.")
                % {"status": locked.get_status_display()}
            )
        _push(locked, m.DocStatus.REJECTED, actor=journal.actor_label(actor), reason=reason.strip())
        journal.record(
            actor, "seos_reject", locked, None, {"reason": reason.strip(), "guid": locked.document_guid}
        )
    exchanged.refresh_from_db()
    return exchanged


def _push(exchanged: ExchangedDocument, status: m.DocStatus, *, actor: str, reason: str = "", deadline=None):
    """Queue a status notice about a received document to its sender and record it (caller's transaction)."""
    body = m.StatusResponse(
        doc_id=our_doc_id(exchanged),
        status=status,
        rejection_reason=reason or None,
        expected_close_date=deadline,
    )
    row = outbox.queue(exchanged.participant, body, exchanged=exchanged)
    apply_status(
        exchanged,
        status,
        message_guid=row.guid,
        at=row.message_date,
        doc_id=body.doc_id,
        expected_close_date=deadline,
        reason=reason,
        actor=actor,
    )
    return row


def push_status(
    exchanged: ExchangedDocument, status: m.DocStatus, *, actor: str = "", reason: str = ""
) -> bool:
    """Tell the sender of a received document that its status changed (closed, stopped, ...), once."""
    with transaction.atomic():
        locked = _lock(exchanged)
        if locked.direction != ExchangedDocument.Direction.IN or locked.status == status:
            return False
        deadline = locked.document.deadline if locked.document_id else None
        _push(locked, status, actor=actor, reason=reason, deadline=deadline)
    return True


def answer_received(
    actor,
    exchanged: ExchangedDocument,
    *,
    register: Register,
    subject: str = "",
    kind: str = Document.Kind.LETTER,
    files=(),
    note: str = "",
    comment: str = "",
    close_incoming: bool = False,
) -> Document:
    """Answer a received, registered document over СЕОС: the registry's answer (an outgoing document
    linked to ours) and its sending to the same administration with DocParentID, in one transaction."""
    exchanged.refresh_from_db()
    if exchanged.document_id is None:
        raise ValidationError(_("Register the document before answering it."))
    with transaction.atomic():
        outgoing = registry.answer(
            actor,
            exchanged.document,
            register=register,
            subject=subject,
            kind=kind,
            channel=Document.Channel.SEOS,
            files=files,
            note=note,
            close_incoming=close_incoming,
        )
        # Whoever the registry lets answer this document sends the answer back to its sender.
        _send(actor, outgoing, [exchanged.participant], comment=comment)
    return outgoing


def request_status(actor, exchanged: ExchangedDocument) -> Message:
    """Ask the recipient of a document we sent for its status (the answer updates it)."""
    _require_registrar(actor)
    if exchanged.direction != ExchangedDocument.Direction.OUT:
        raise ValidationError(_("Only the status of a sent document can be requested."))
    with transaction.atomic():
        return outbox.queue(
            exchanged.participant,
            m.StatusRequest(doc_id=m.DocumentId(guid=exchanged.document_guid)),
            exchanged=exchanged,
        )


def retry_message(actor, message: Message) -> bool:
    """Try a failed outbound message again (a fresh series of attempts)."""
    _require_registrar(actor)
    done = outbox.retry_by_hand(message)
    if done:
        journal.record(
            actor,
            "seos_retry",
            message,
            None,
            {"guid": message.guid},
            document=message.exchanged_document.document if message.exchanged_document else None,
        )
    return done
