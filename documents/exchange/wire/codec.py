"""Build and parse СЕОС messages: :class:`~.messages.Message` <-> ``<Message>`` element.

:func:`build` writes elements in the schema's sequence order and omits absent optional ones;
:func:`parse` expects a tree that has already been validated (:func:`.schema.validate`), so it does not
repeat the schema's checks, only the ones the schema cannot express (the header's ``MessageType`` must name
the body that is present).
"""

from __future__ import annotations

import base64
import binascii
import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

from lxml import etree

from .messages import (
    NS,
    NS_DS,
    NS_URI,
    Attachment,
    Body,
    Correspondent,
    CorrespondentKind,
    DocStatus,
    Document,
    DocumentId,
    DocumentNumber,
    DocumentURI,
    Entity,
    Error,
    ErrorType,
    Message,
    MessageType,
    RegistrationRequest,
    ServiceItem,
    StatusRequest,
    StatusResponse,
    normalize_guid,
)

# A dateTime without an offset is read as Bulgarian local time, as the national implementations write it.
LOCAL_TZ = ZoneInfo("Europe/Sofia")
NSMAP = {None: NS}


class MessageFormatError(ValueError):
    """Valid against the schema but not a coherent message (e.g. MessageType disagrees with the body)."""


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _uq(name: str) -> str:
    return f"{{{NS_URI}}}{name}"


# --- building -------------------------------------------------------------------------------------


def _text(parent: etree._Element, name: str, value, *, qualify=_q) -> etree._Element | None:
    if value is None:
        return None
    el = etree.SubElement(parent, qualify(name))
    el.text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    return el


def _entity(parent, name: str, entity: Entity) -> None:
    el = etree.SubElement(parent, _q(name))
    _text(el, "Identifier", entity.identifier)
    _text(el, "AdministrativeBodyName", entity.name)
    _text(el, "GUID", entity.guid)


def _doc_id(parent, name: str, doc_id: DocumentId) -> None:
    el = etree.SubElement(parent, _q(name))
    if doc_id.number is not None:
        number = etree.SubElement(el, _q("DocumentNumber"))
        _text(number, "DocNumber", doc_id.number.number)
        _text(number, "DocDate", doc_id.number.date)
    elif doc_id.uri is not None:
        uri = etree.SubElement(el, _q("DocumentURI"), nsmap={"duri": NS_URI})
        _text(uri, "RegisterIndex", doc_id.uri.register_index, qualify=_uq)
        _text(uri, "SequenceNumber", doc_id.uri.sequence_number, qualify=_uq)
        _text(uri, "ReceiptOrSigningDate", doc_id.uri.receipt_or_signing_date, qualify=_uq)
    _text(el, "DocumentGUID", doc_id.guid)


def _add_data(parent, name: str, fragment: str | None) -> None:
    if fragment is None:
        return
    # The fragment reads as if written inside DocAddData: unprefixed elements are in the messaging namespace
    # unless they declare another (this is also how :func:`_parse_add_data` serializes them back).
    wrapper = etree.fromstring(
        f'<w xmlns="{NS}">{fragment}</w>'.encode(),
        etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False),
    )
    el = etree.SubElement(parent, _q(name))
    el.text = wrapper.text
    for child in wrapper:
        el.append(child)


def _document(parent, doc: Document) -> None:
    el = etree.SubElement(parent, _q("Document"))
    _doc_id(el, "DocID", doc.id)
    if doc.parent_id is not None:
        _doc_id(el, "DocParentID", doc.parent_id)
    _text(el, "DocKind", doc.kind)
    if doc.correspondents:
        lst = etree.SubElement(el, _q("DocCorrespondentList"))
        for cor in doc.correspondents:
            c = etree.SubElement(lst, _q("Corespondent"))  # sic: one "r", as in the schema
            for name, value in (
                ("CorName", cor.name),
                ("CorCity", cor.city),
                ("CorAddress", cor.address),
                ("CorEGN", cor.egn),
                ("CorIDCard", cor.id_card),
                ("CorBULSTAT", cor.bulstat),
                ("CorEMail", cor.email),
                ("CorPhone", cor.phone),
                ("CorMobilePhone", cor.mobile_phone),
                ("CorMOL", cor.mol),
                ("CorComment", cor.comment),
                ("CorKind", cor.kind),
            ):
                _text(c, name, value)
    if doc.attachments:
        lst = etree.SubElement(el, _q("DocAttachmentList"))
        for att in doc.attachments:
            a = etree.SubElement(lst, _q("Attachment"))
            _text(a, "AttFileName", att.file_name)
            _text(a, "AttBody", base64.b64encode(att.content).decode("ascii"))
            _text(a, "AttComment", att.comment)
            _text(a, "AttMIMEType", att.mime_type)
    _text(el, "DocAbout", doc.about)
    if doc.service is not None:
        s = etree.SubElement(el, _q("DocService"))
        _text(s, "ServiceName", doc.service.name)
        _text(s, "ServiceType", doc.service.type)
        _text(s, "ServiceCode", doc.service.code)
    _text(el, "DocComment", doc.comment)
    _add_data(el, "DocAddData", doc.add_data)
    _text(el, "DocReqDateClose", doc.requested_close_date)
    _text(el, "DocAttentionTo", doc.attention_to)
    if doc.signature is not None:
        el.append(etree.fromstring(doc.signature, etree.XMLParser(resolve_entities=False, no_network=True)))


def _body(parent, body: Body) -> None:
    if isinstance(body, RegistrationRequest):
        el = etree.SubElement(parent, _q("DocumentRegistrationRequest"))
        _document(el, body.document)
        _text(el, "Comment", body.comment)
    elif isinstance(body, StatusRequest):
        el = etree.SubElement(parent, _q("DocumentStatusRequest"))
        _doc_id(el, "DocID", body.doc_id)
    elif isinstance(body, StatusResponse):
        el = etree.SubElement(parent, _q("DocumentStatusResponse"))
        _doc_id(el, "DocID", body.doc_id)
        _text(el, "DocRegStatus", body.status)
        _text(el, "RejectionReason", body.rejection_reason)
        _text(el, "DocExpectCloseDate", body.expected_close_date)
        _add_data(el, "DocAddData", body.add_data)
    elif isinstance(body, Error):
        el = etree.SubElement(parent, _q("Error"))
        _text(el, "MessageGUID", body.message_guid)
        _text(el, "ErrorType", body.error_type)
        _text(el, "ErrorDescription", body.description)
    else:  # pragma: no cover - the type annotation lists the four bodies
        raise TypeError(f"not a СЕОС message body: {body!r}")


def build(message: Message) -> etree._Element:
    """The unsigned ``<Message>`` element for ``message``."""
    if message.date.tzinfo is None:
        raise ValueError("MessageDate must be timezone-aware")
    root = etree.Element(_q("Message"), nsmap=NSMAP)
    header = etree.SubElement(root, _q("Header"))
    _text(header, "Version", message.version)
    _text(header, "MessageType", message.type)
    _text(header, "MessageDate", message.date)
    _entity(header, "Sender", message.sender)
    _entity(header, "Recipient", message.recipient)
    _text(header, "MessageGUID", message.guid)
    _body(etree.SubElement(root, _q("Body")), message.body)
    return root


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


# --- parsing --------------------------------------------------------------------------------------


def _find(el, name):
    return el.find(_q(name)) if el is not None else None


def _str(el, name) -> str | None:
    child = _find(el, name)
    if child is None:
        return None
    return child.text or ""


def _xsd_date(value: str | None) -> date | None:
    if value is None:
        return None
    # xsd:date may carry a timezone ("2026-11-29+02:00", "2026-11-29Z"): the date part is what counts.
    return date.fromisoformat(value.strip()[:10])


def _xsd_datetime(value: str) -> datetime:
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # .NET writes up to seven fractional digits; Python reads at most six.
    if "." in text:
        head, _, rest = text.partition(".")
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = head + "." + rest[:digits][:6].ljust(6, "0") + rest[digits:]
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


def _guid(value: str | None) -> str | None:
    # Peers write GUIDs in either case; we compare and store them in one form.
    return normalize_guid(value) if value is not None else None


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _parse_entity(el) -> Entity:
    return Entity(
        identifier=_str(el, "Identifier"),
        name=_str(el, "AdministrativeBodyName"),
        guid=_guid(_str(el, "GUID")),
    )


def _parse_doc_id(el) -> DocumentId | None:
    if el is None:
        return None
    number = uri = None
    num_el = _find(el, "DocumentNumber")
    if num_el is not None:
        number = DocumentNumber(number=_str(num_el, "DocNumber"), date=_xsd_date(_str(num_el, "DocDate")))
    uri_el = _find(el, "DocumentURI")
    if uri_el is not None:
        uri = DocumentURI(
            register_index=_int(uri_el.findtext(_uq("RegisterIndex"))),
            sequence_number=_int(uri_el.findtext(_uq("SequenceNumber"))),
            receipt_or_signing_date=_xsd_date(uri_el.findtext(_uq("ReceiptOrSigningDate"))),
        )
    return DocumentId(guid=_guid(_str(el, "DocumentGUID")), number=number, uri=uri)


def _parse_add_data(el) -> str | None:
    if el is None:
        return None
    # Each top-level element comes back self-contained, declaring only the namespaces it uses.
    parts = [el.text or ""]
    for child in el:
        standalone = copy.deepcopy(child)
        etree.cleanup_namespaces(standalone)
        parts.append(etree.tostring(standalone, encoding="unicode", with_tail=True))
    return "".join(parts)


def _parse_correspondent(el) -> Correspondent:
    kind = _str(el, "CorKind")
    return Correspondent(
        name=_str(el, "CorName"),
        city=_str(el, "CorCity"),
        address=_str(el, "CorAddress"),
        egn=_str(el, "CorEGN"),
        id_card=_str(el, "CorIDCard"),
        bulstat=_str(el, "CorBULSTAT"),
        email=_str(el, "CorEMail"),
        phone=_str(el, "CorPhone"),
        mobile_phone=_str(el, "CorMobilePhone"),
        mol=_str(el, "CorMOL"),
        comment=_str(el, "CorComment"),
        kind=CorrespondentKind(kind) if kind is not None else None,
    )


def _parse_attachment(el) -> Attachment:
    try:
        # Schema-valid base64 may contain whitespace (line-wrapped encoders); a2b_base64 skips it.
        content = binascii.a2b_base64(_str(el, "AttBody") or "")
    except binascii.Error as exc:  # pragma: no cover - the schema has checked the alphabet
        raise MessageFormatError(f"attachment is not valid base64: {exc}") from exc
    return Attachment(
        file_name=_str(el, "AttFileName"),
        content=content,
        mime_type=_str(el, "AttMIMEType"),
        comment=_str(el, "AttComment"),
    )


def _parse_document(el) -> Document:
    svc = _find(el, "DocService")
    signature = el.find(f"{{{NS_DS}}}Signature")
    cor_list = _find(el, "DocCorrespondentList")
    att_list = _find(el, "DocAttachmentList")
    return Document(
        id=_parse_doc_id(_find(el, "DocID")),
        parent_id=_parse_doc_id(_find(el, "DocParentID")),
        kind=_str(el, "DocKind"),
        correspondents=tuple(_parse_correspondent(c) for c in cor_list.iterchildren(_q("Corespondent")))
        if cor_list is not None
        else (),
        attachments=tuple(_parse_attachment(a) for a in att_list.iterchildren(_q("Attachment")))
        if att_list is not None
        else (),
        about=_str(el, "DocAbout"),
        service=ServiceItem(
            name=_str(svc, "ServiceName"), type=_str(svc, "ServiceType"), code=_str(svc, "ServiceCode")
        )
        if svc is not None
        else None,
        comment=_str(el, "DocComment"),
        add_data=_parse_add_data(_find(el, "DocAddData")),
        requested_close_date=_xsd_date(_str(el, "DocReqDateClose")),
        attention_to=_str(el, "DocAttentionTo"),
        signature=etree.tostring(signature) if signature is not None else None,
    )


def _parse_body(body_el) -> Body:
    el = body_el[0]
    name = etree.QName(el).localname
    if name == "DocumentRegistrationRequest":
        return RegistrationRequest(
            document=_parse_document(_find(el, "Document")), comment=_str(el, "Comment")
        )
    if name == "DocumentStatusRequest":
        return StatusRequest(doc_id=_parse_doc_id(_find(el, "DocID")))
    if name == "DocumentStatusResponse":
        return StatusResponse(
            doc_id=_parse_doc_id(_find(el, "DocID")),
            status=DocStatus(_str(el, "DocRegStatus")),
            rejection_reason=_str(el, "RejectionReason"),
            expected_close_date=_xsd_date(_str(el, "DocExpectCloseDate")),
            add_data=_parse_add_data(_find(el, "DocAddData")),
        )
    if name == "Error":
        return Error(
            error_type=ErrorType(_str(el, "ErrorType")),
            description=_str(el, "ErrorDescription"),
            message_guid=_guid(_str(el, "MessageGUID")),
        )
    raise MessageFormatError(f"unknown body element {name}")  # pragma: no cover - the schema has a choice


def parse(root: etree._Element) -> Message:
    """The :class:`Message` in a schema-valid ``<Message>`` element."""
    header = _find(root, "Header")
    body = _parse_body(_find(root, "Body"))
    declared = _str(header, "MessageType")
    if declared != body.message_type:
        raise MessageFormatError(f"MessageType {declared} does not match the body ({body.message_type})")
    return Message(
        version=_str(header, "Version"),
        date=_xsd_datetime(_str(header, "MessageDate")),
        sender=_parse_entity(_find(header, "Sender")),
        recipient=_parse_entity(_find(header, "Recipient")),
        guid=_guid(_str(header, "MessageGUID")),
        body=body,
    )


__all__ = ["MessageFormatError", "MessageType", "build", "parse", "to_bytes"]
