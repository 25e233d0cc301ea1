"""Typed СЕОС messages: one dataclass per structure of EGovMessaging.xsd (field order follows the schema).

Names are English; the schema's element name and Bulgarian meaning are in each docstring. Dates are
:class:`datetime.date`, the message time an aware :class:`datetime.datetime`, attachments raw bytes (base64 is
the codec's business), GUIDs strings in braces, lower case (see :func:`normalize_guid`).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

NS = "http://schemas.egov.bg/messaging/v1"
NS_URI = "http://ereg.egov.bg/segment/0009-000001"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
PROTOCOL_VERSION = "1.0"

_GUID_RE = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def normalize_guid(value: str) -> str:
    """``{xxxxxxxx-...}`` in lower case — the form .NET's ``Guid.ToString("B")`` writes; braces are mandatory.

    Accepts the GUID with or without braces and in any case (ombudsman-code upper-cases), so that GUIDs from
    settings, the registry and the wire compare equal.
    """
    match = _GUID_RE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"not a GUID: {value!r}")
    return "{" + match.group(1).lower() + "}"


def new_guid() -> str:
    return "{" + str(uuid.uuid4()) + "}"


class MessageType(StrEnum):
    REGISTRATION_REQUEST = "MSG_DocumentRegistrationRequest"
    STATUS_REQUEST = "MSG_DocumentStatusRequest"
    STATUS_RESPONSE = "MSG_DocumentStatusResponse"
    ERROR = "MSG_Error"


class DocStatus(StrEnum):
    """``DocumentStatusType``: the seven statuses that travel on the wire."""

    WAIT_REGISTRATION = "DS_WAIT_REGISTRATION"
    REGISTERED = "DS_REGISTERED"
    STOPPED = "DS_STOPPED"
    CLOSED = "DS_CLOSED"
    NOT_FOUND = "DS_NOT_FOUND"
    ALREADY_RECEIVED = "DS_ALREADY_RECEIVED"
    REJECTED = "DS_REJECTED"


class ErrorType(StrEnum):
    INTERNAL = "ERR_INTERNAL"  # Вътрешна грешка (e.g. no database)
    EXTERNAL = "ERR_EXTERNAL"  # Външна грешка (e.g. wrong message format)


class CorrespondentKind(StrEnum):
    APPLICANT = "Corr_Applicant"  # Заявител (in an e-service)
    OTHER = "Corr_Other"


@dataclass(frozen=True)
class Entity:
    """``EntityNodeType`` — a participant in the header: ЕИК/БУЛСТАТ, name, GUID."""

    identifier: str
    name: str
    guid: str


@dataclass(frozen=True)
class DocumentNumber:
    """``DocumentNumberType`` — free-text registration number (``DocNumber``) and date (``DocDate``)."""

    number: str
    date: date


@dataclass(frozen=True)
class DocumentURI:
    """``duri:DocumentURI`` — УРИ: register index, sequence number, receipt/signing date (each optional)."""

    register_index: int | None = None
    sequence_number: int | None = None
    receipt_or_signing_date: date | None = None


@dataclass(frozen=True)
class DocumentId:
    """``DocumentIdentificationType`` — ``DocumentGUID`` plus at most one of a number or a УРИ."""

    guid: str
    number: DocumentNumber | None = None
    uri: DocumentURI | None = None

    def __post_init__(self):
        if self.number is not None and self.uri is not None:
            raise ValueError("DocID carries a DocumentNumber or a DocumentURI, not both")


@dataclass(frozen=True)
class Correspondent:
    """``CorrespondentType`` (element ``Corespondent``, sic). Name and city are required."""

    name: str
    city: str
    address: str | None = None
    egn: str | None = None  # ЕГН/ЛНЧ/СлНЧ
    id_card: str | None = None
    bulstat: str | None = None  # ЕИК/БУЛСТАТ
    email: str | None = None
    phone: str | None = None
    mobile_phone: str | None = None
    mol: str | None = None  # материалноотговорно лице
    comment: str | None = None
    kind: CorrespondentKind | None = None


@dataclass(frozen=True)
class Attachment:
    """``AttachmentFileType`` — the file travels inline (``AttBody``, base64)."""

    file_name: str
    content: bytes = field(repr=False)
    mime_type: str
    comment: str | None = None


@dataclass(frozen=True)
class ServiceItem:
    """``ServiceItemType`` — the e-service of a document; type e.g. "Нормална", "Бърза", "Експресна"."""

    name: str
    type: str
    code: str


@dataclass(frozen=True)
class Document:
    """``DocumentType``.

    ``add_data`` is the content of ``DocAddData`` (free XML, ``xsd:anyType``) as an XML fragment string;
    ``signature`` a document-level ``ds:Signature`` carried through unchanged (serialized element).
    """

    id: DocumentId
    kind: str
    parent_id: DocumentId | None = None
    correspondents: tuple[Correspondent, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    about: str | None = None
    service: ServiceItem | None = None
    comment: str | None = None
    add_data: str | None = None
    requested_close_date: date | None = None
    attention_to: str | None = None
    signature: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RegistrationRequest:
    """``DocumentRegistrationRequestType`` — the document and the (required) comment on sending it."""

    document: Document
    comment: str

    message_type = MessageType.REGISTRATION_REQUEST


@dataclass(frozen=True)
class StatusRequest:
    """``DocumentStatusRequestType`` — ask the recipient for a document's status (by ``DocumentGUID``)."""

    doc_id: DocumentId

    message_type = MessageType.STATUS_REQUEST


@dataclass(frozen=True)
class StatusResponse:
    """``DocumentStatusResponseType`` — the synchronous answer and every later status notification.

    ``doc_id`` carries the *recipient's* number or УРИ once registered; ``rejection_reason`` only with
    ``DS_REJECTED``.
    """

    doc_id: DocumentId
    status: DocStatus
    rejection_reason: str | None = None
    expected_close_date: date | None = None
    add_data: str | None = None

    message_type = MessageType.STATUS_RESPONSE


@dataclass(frozen=True)
class Error:
    """``ErrorMessageType`` — ``message_guid`` names the message that caused the error, when known."""

    error_type: ErrorType
    description: str
    message_guid: str | None = None

    message_type = MessageType.ERROR


Body = RegistrationRequest | StatusRequest | StatusResponse | Error


@dataclass(frozen=True)
class Message:
    """``Message`` — header fields and one body. ``type`` follows from the body."""

    sender: Entity
    recipient: Entity
    guid: str
    date: datetime
    body: Body
    version: str = PROTOCOL_VERSION

    @property
    def type(self) -> MessageType:
        return self.body.message_type
