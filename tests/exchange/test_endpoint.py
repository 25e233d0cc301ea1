"""The inbound endpoint through the Django test client: SOAP in, checks in order, signed answers out."""

import base64
import datetime as dt

import pytest
from django.test import Client
from lxml import etree

from documents.exchange import devkeys, inbox
from documents.exchange.models import ExchangedAttachment, ExchangedDocument, Message, StatusChange
from documents.exchange.wire import messages as m
from documents.exchange.wire import soap

from .conftest import MUNICIPALITY, REGION
from .factories import AttachmentFactory, DocumentFactory, DocumentIdFactory, ParticipantFactory
from .peer import answer, signed, submit

pytestmark = pytest.mark.django_db


def registration(**document):
    return m.RegistrationRequest(document=DocumentFactory(**document), comment="Изпратено чрез СЕОС")


def stored():
    return Message.objects.count(), ExchangedDocument.objects.count(), StatusChange.objects.count()


def refused(response, *, contains=""):
    """The answer is our signed MSG_Error; returns its description."""
    assert response.status_code == 200, response.content
    reply, verified = answer(response)
    assert reply.type == m.MessageType.ERROR
    assert reply.sender == REGION
    assert contains in reply.body.description, reply.body.description
    return reply


def test_registration_request_is_stored_checked_and_answered(
    client, municipality, municipality_identity, region_identity
):
    data = signed(registration(full=True), municipality_identity)
    response = submit(client, data)
    reply, verified = answer(response)

    assert response["Content-Type"].startswith("text/xml")
    assert verified.serial_hex == region_identity.serial_hex
    assert (reply.sender, reply.recipient) == (REGION, MUNICIPALITY)
    assert reply.body.status == m.DocStatus.WAIT_REGISTRATION
    received = ExchangedDocument.objects.get()
    assert reply.body.doc_id == m.DocumentId(guid=received.document_guid)
    assert received.status == ExchangedDocument.Status.WAIT_REGISTRATION
    assert received.participant == municipality
    assert received.sender_number.startswith("ОА-04-") and received.sender_date == dt.date(2026, 11, 29)
    assert received.kind == "Писмо" and received.about == "Искане на информация"
    assert received.attention_to == "Секретар на общината"
    assert received.requested_close_date == dt.date(2026, 12, 13)
    assert (received.service_name, received.service_type, received.service_code) == (
        "Издаване на апостил",
        "Нормална",
        "1972",
    )
    assert received.parent_guid and received.parent_number.startswith("ОА-04-")
    assert received.correspondents[0]["name"] == "Иван Петров Иванов"
    assert received.add_data == '<x:Extra xmlns:x="urn:example:extra">42</x:Extra>'
    files = list(received.attachments.all())
    assert [(f.file_name, f.content_type) for f in files] == [
        ("pismo.pdf", "application/pdf"),
        ("b.txt", "text/plain"),
    ]
    assert files[0].sha256 == Message.digest(AttachmentFactory().content)
    message = Message.objects.get()
    # The original, signed message as it came in <request> (less its XML declaration, which the text
    # inside a SOAP string cannot keep and the signature does not cover).
    assert message.raw_xml.encode() == data.split(b"?>", 1)[1].lstrip()
    assert message.signer_serial == municipality_identity.serial_hex
    assert message.reply_xml.encode().endswith(soap.parse_submit_response(response.content))
    assert [h.status for h in received.history.all()] == [m.DocStatus.WAIT_REGISTRATION]


def test_a_document_guid_received_before_is_already_received(client, municipality, municipality_identity):
    doc = DocumentFactory()
    first = submit(client, signed(m.RegistrationRequest(document=doc, comment="1"), municipality_identity))
    assert answer(first)[0].body.status == m.DocStatus.WAIT_REGISTRATION
    again = submit(client, signed(m.RegistrationRequest(document=doc, comment="2"), municipality_identity))
    assert answer(again)[0].body.status == m.DocStatus.ALREADY_RECEIVED
    assert ExchangedDocument.objects.count() == 1
    assert Message.objects.count() == 2


def test_the_same_message_delivered_again_gets_the_first_answer_and_changes_nothing(
    client, municipality, municipality_identity
):
    """A sender retrying after a lost reply sends the same bytes: same answer, no second document."""
    data = signed(registration(), municipality_identity)
    first = submit(client, data)
    before = stored()
    second = submit(client, data)
    assert second.content == first.content
    assert stored() == before == (1, 1, 1)


def test_another_message_under_a_used_message_guid_is_refused(client, municipality, municipality_identity):
    guid = m.new_guid()
    submit(client, signed(registration(), municipality_identity, guid=guid))
    before = stored()
    reply = refused(
        submit(client, signed(registration(), municipality_identity, guid=guid)), contains="вече е получено"
    )
    assert reply.body.message_guid == guid
    assert stored() == before


def test_a_message_for_someone_else_is_refused(client, municipality, municipality_identity):
    other = m.Entity("000000003", "Община Бяла", m.new_guid())
    reply = refused(
        submit(client, signed(registration(), municipality_identity, recipient=other)),
        contains="не съвпада с участника",
    )
    assert reply.recipient == MUNICIPALITY
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("status", ["Inactive", "TemporarilyInactive"])
def test_an_inactive_sender_is_refused(client, municipality, municipality_identity, status):
    municipality.status = status
    municipality.save()
    refused(submit(client, signed(registration(), municipality_identity)), contains="активен участник")
    assert stored() == (0, 0, 0)


def test_an_unknown_sender_is_refused(client, region, municipality_identity, db):
    reply = refused(
        submit(client, signed(registration(), municipality_identity)), contains="активен участник"
    )
    assert reply.recipient == MUNICIPALITY  # answered to whom the message claims to be from
    assert stored() == (0, 0, 0)


def test_a_tampered_message_is_refused(client, municipality, municipality_identity):
    root = etree.fromstring(signed(registration(), municipality_identity))
    root.find(".//{%s}DocKind" % m.NS).text = "Заповед"
    refused(submit(client, etree.tostring(root)), contains="подпис на съобщението е невалиден")
    assert stored() == (0, 0, 0)


def test_an_unsigned_message_is_refused(client, municipality):
    from documents.exchange.wire import codec

    message = m.Message(
        sender=MUNICIPALITY,
        recipient=REGION,
        guid=m.new_guid(),
        date=dt.datetime.now(dt.UTC),
        body=registration(),
    )
    refused(submit(client, codec.to_bytes(codec.build(message))), contains="подпис")
    assert stored() == (0, 0, 0)


def test_a_message_signed_with_another_certificate_is_refused(client, municipality):
    """A valid signature, but not with the certificate the registry records for the sender."""
    stranger = devkeys.generate("Община Русе", "000000002", bits=2048)
    refused(submit(client, signed(registration(), stranger)), contains="различен от транспортния сертификат")
    assert stored() == (0, 0, 0)


def test_a_participant_without_a_registered_certificate_cannot_send(
    client, municipality, municipality_identity
):
    municipality.certificate_serial = ""
    municipality.save()
    refused(submit(client, signed(registration(), municipality_identity)), contains="сертификат")


def test_a_message_the_schema_refuses_is_refused(client, municipality, municipality_identity):
    root = etree.fromstring(signed(registration(), municipality_identity))
    root.find(".//{%s}DocKind" % m.NS).tag = "{%s}Kind" % m.NS
    reply = refused(submit(client, etree.tostring(root)), contains="XSD")
    assert reply.recipient == MUNICIPALITY
    assert stored() == (0, 0, 0)


def test_legacy_rsa_sha1_signatures_are_accepted(client, municipality, municipality_identity):
    response = submit(client, signed(registration(), municipality_identity, algorithm="rsa-sha1"))
    assert answer(response)[0].body.status == m.DocStatus.WAIT_REGISTRATION


def test_answers_to_a_legacy_participant_are_signed_with_rsa_sha1(
    client, municipality, municipality_identity
):
    municipality.signature_algorithm = "rsa-sha1"
    municipality.save()
    reply, verified = answer(submit(client, signed(registration(), municipality_identity)))
    assert verified.algorithm == "rsa-sha1"


XXE = b"""<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Message xmlns="http://schemas.egov.bg/messaging/v1">&x;</Message>"""
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]><Message>&d;</Message>"""
DEEP = b"<Message>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</Message>"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [(XXE, "DOCTYPE"), (LAUGHS, "DOCTYPE"), (DEEP, "твърде дълбоко")],
    ids=["external entity", "billion laughs", "deep nesting"],
)
def test_hostile_xml_inside_the_request_is_refused_and_nothing_stored(client, municipality, payload, reason):
    refused(submit(client, payload), contains=reason)
    assert stored() == (0, 0, 0)


def test_a_huge_base64_attachment_is_refused_and_nothing_stored(
    client, settings, municipality, municipality_identity
):
    settings.SEOS_MAX_ATTACHMENT_BYTES = 100_000
    big = m.Attachment(
        file_name="big.pdf", content=b"%PDF-1.7\n" + b"0" * 200_000, mime_type="application/pdf"
    )
    refused(
        submit(client, signed(registration(attachments=(big,)), municipality_identity)),
        contains="по-дълга от допустимото",
    )
    assert stored() == (0, 0, 0)


def test_hostile_xml_in_the_envelope_itself_is_refused(client, municipality):
    envelope = b"""<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&x;</s:Body></s:Envelope>"""
    response = client.post("/seos/", data=envelope, content_type="text/xml")
    refused(response, contains="SOAP")
    assert stored() == (0, 0, 0)


def test_an_attachment_that_lies_about_its_type_is_refused(client, municipality, municipality_identity):
    fake = m.Attachment(
        file_name="invoice.pdf", content=b"MZ\x90\x00" + b"\x00" * 200, mime_type="application/pdf"
    )
    refused(
        submit(client, signed(registration(attachments=(fake,)), municipality_identity)),
        contains="invoice.pdf",
    )
    assert stored() == (0, 0, 0)
    assert ExchangedAttachment.objects.count() == 0


def test_an_oversize_body_is_refused_before_it_is_read(client, settings, municipality):
    settings.SEOS_MAX_MESSAGE_BYTES = 1000
    response = client.post("/seos/", data=b"<x>" + b"A" * 2000 + b"</x>", content_type="text/xml")
    assert response.status_code == 413
    assert answer(response)[0].body.error_type == m.ErrorType.EXTERNAL


def test_our_own_fault_is_err_internal_and_nothing_is_kept(
    client, municipality, municipality_identity, monkeypatch
):
    def broken(*args):
        raise RuntimeError("database went away")

    monkeypatch.setitem(inbox.HANDLERS, m.MessageType.REGISTRATION_REQUEST, broken)
    reply = refused(
        submit(client, signed(registration(), municipality_identity)), contains="Грешка при получателя"
    )
    assert reply.body.error_type == m.ErrorType.INTERNAL
    assert stored() == (0, 0, 0)


def test_upper_case_guids_from_a_peer_are_understood(client, municipality, municipality_identity):
    sender = m.Entity(MUNICIPALITY.identifier, MUNICIPALITY.name, MUNICIPALITY.guid.upper())
    doc_guid = m.new_guid().upper()
    body = registration(id=m.DocumentId(guid=doc_guid))
    assert (
        answer(submit(client, signed(body, municipality_identity, sender=sender)))[0].body.status
        == "DS_WAIT_REGISTRATION"
    )
    assert ExchangedDocument.objects.get().document_guid == doc_guid.lower()


# --- status requests and notices --------------------------------------------------------------------


def test_status_request_for_an_unknown_document_is_not_found(client, municipality, municipality_identity):
    guid = m.new_guid()
    reply, _ = answer(
        submit(client, signed(m.StatusRequest(doc_id=m.DocumentId(guid=guid)), municipality_identity))
    )
    assert reply.body == m.StatusResponse(doc_id=m.DocumentId(guid=guid), status=m.DocStatus.NOT_FOUND)


def test_status_request_reports_the_current_status(client, municipality, municipality_identity):
    doc = DocumentFactory()
    submit(client, signed(m.RegistrationRequest(document=doc, comment="c"), municipality_identity))
    ask = signed(m.StatusRequest(doc_id=m.DocumentId(guid=doc.id.guid)), municipality_identity)
    assert answer(submit(client, ask))[0].body.status == m.DocStatus.WAIT_REGISTRATION


def test_status_notice_about_a_document_we_sent_updates_it_once(client, municipality, municipality_identity):
    sent = ExchangedDocument.objects.create(
        direction="out",
        participant=municipality,
        document_guid=m.new_guid(),
        status="sending",
    )
    notice = signed(
        m.StatusResponse(
            doc_id=m.DocumentId(
                guid=sent.document_guid, number=m.DocumentNumber("94-00-1234", dt.date(2026, 11, 30))
            ),
            status=m.DocStatus.REGISTERED,
            expected_close_date=dt.date(2026, 12, 20),
        ),
        municipality_identity,
    )
    response = submit(client, notice)
    assert soap.parse_submit_response(response.content) is None  # accepted: an empty answer
    submit(client, notice)  # delivered again
    sent.refresh_from_db()
    assert (sent.status, sent.recipient_number, sent.recipient_date) == (
        "DS_REGISTERED",
        "94-00-1234",
        dt.date(2026, 11, 30),
    )
    assert sent.expected_close_date == dt.date(2026, 12, 20)
    assert sent.history.count() == 1


def test_status_notice_about_an_unknown_document_is_refused(client, municipality, municipality_identity):
    notice = signed(
        m.StatusResponse(doc_id=m.DocumentId(guid=m.new_guid()), status=m.DocStatus.REGISTERED),
        municipality_identity,
    )
    refused(submit(client, notice), contains="Документът не е открит")


def test_an_older_notice_never_overwrites_a_newer_status(client, municipality, municipality_identity):
    sent = ExchangedDocument.objects.create(
        direction="out", participant=municipality, document_guid=m.new_guid(), status="sending"
    )
    registered = m.StatusResponse(
        doc_id=DocumentIdFactory(guid=sent.document_guid, numbered=True), status=m.DocStatus.REGISTERED
    )
    waiting = m.StatusResponse(
        doc_id=m.DocumentId(guid=sent.document_guid), status=m.DocStatus.WAIT_REGISTRATION
    )
    submit(client, signed(registered, municipality_identity))
    # A "waiting" notice dated earlier arrives late.
    late = m.Message(
        sender=MUNICIPALITY,
        recipient=REGION,
        guid=m.new_guid(),
        date=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
        body=waiting,
    )
    from documents.exchange import wire

    submit(client, wire.emit(late, municipality_identity))
    sent.refresh_from_db()
    assert sent.status == m.DocStatus.REGISTERED
    assert sent.history.count() == 2


def test_a_later_error_about_our_message_marks_it_failed(client, municipality, municipality_identity):
    sent = ExchangedDocument.objects.create(
        direction="out", participant=municipality, document_guid=m.new_guid(), status="DS_WAIT_REGISTRATION"
    )
    ours = Message.objects.create(
        direction="out",
        type="MSG_DocumentRegistrationRequest",
        guid=m.new_guid(),
        participant=municipality,
        exchanged_document=sent,
        message_date=dt.datetime.now(dt.UTC),
        raw_xml="<Message/>",
        sha256="0" * 64,
        status="sent",
    )
    error = m.Error(error_type=m.ErrorType.EXTERNAL, description="Файлът е заразен", message_guid=ours.guid)
    submit(client, signed(error, municipality_identity))
    ours.refresh_from_db()
    sent.refresh_from_db()
    assert ours.status == "failed" and "заразен" in ours.error
    assert sent.status == "failed"


# --- HTTP surface -----------------------------------------------------------------------------------


def test_csrf_is_not_required_for_machines(municipality, municipality_identity):
    response = submit(Client(enforce_csrf_checks=True), signed(registration(), municipality_identity))
    assert answer(response)[0].body.status == m.DocStatus.WAIT_REGISTRATION


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_submits(client, region, method):
    response = getattr(client, method)("/seos/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_wsdl_is_served_with_our_address(client, region, settings):
    settings.BASE_URL = "https://portal.ruse.example"
    response = client.get("/seos/?wsdl")
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    ns = {"w": soap.WSDL_NS, "soap": soap.WSDL_SOAP_NS}
    assert (
        root.find("w:service/w:port/soap:address", ns).get("location") == "https://portal.ruse.example/seos/"
    )
    assert root.find("w:binding/w:operation/soap:operation", ns).get("soapAction") == soap.SOAP_ACTION


def test_wsdl_names_the_exchange_address_when_it_is_published_apart(client, region, settings):
    settings.BASE_URL = "https://portal.ruse.example"
    settings.SEOS_ENDPOINT_URL = "https://portal.ruse.example:8443/seos/"
    root = etree.fromstring(client.get("/seos/?wsdl").content)
    ns = {"w": soap.WSDL_NS, "soap": soap.WSDL_SOAP_NS}
    assert root.find("w:service/w:port/soap:address", ns).get("location") == settings.SEOS_ENDPOINT_URL


def test_a_soap_request_with_an_encoded_string_and_declaration_is_read(
    client, municipality, municipality_identity
):
    """.NET writes the message with an XML declaration inside <request>; the escaped form must be read."""
    data = signed(registration(), municipality_identity)
    envelope = (
        b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
        b'<s:Body><Submit xmlns="http://services.egov.bg/messaging/"><request>'
        + data.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
        + b"</request></Submit></s:Body></s:Envelope>"
    )
    response = client.post("/seos/", data=envelope, content_type="text/xml; charset=utf-8")
    assert answer(response)[0].body.status == m.DocStatus.WAIT_REGISTRATION


def test_a_utf16_declaration_inside_the_string_is_ignored(client, municipality, municipality_identity):
    """The string in <request> is text; a declaration naming another encoding must not break it."""
    data = signed(registration(), municipality_identity)
    body = data.split(b"?>", 1)[1]
    text = ('<?xml version="1.0" encoding="utf-16"?>' + body.decode("utf-8")).encode("utf-8")
    envelope = soap.submit_request(b"X").replace(
        b">X<", b">" + text.replace(b"&", b"&amp;").replace(b"<", b"&lt;") + b"<"
    )
    response = client.post("/seos/", data=envelope, content_type="text/xml; charset=utf-8")
    assert answer(response)[0].body.status == m.DocStatus.WAIT_REGISTRATION


def test_attachments_are_stored_only_inside_the_signed_original(client, municipality, municipality_identity):
    content = base64.b64decode("JVBERi0xLjcKJcOkw7zDtsOfCg==") + b"1 0 obj<<>>endobj\n%%EOF\n"
    att = m.Attachment(file_name="писмо.pdf", content=content, mime_type="application/pdf")
    submit(client, signed(registration(attachments=(att,)), municipality_identity))
    row = ExchangedAttachment.objects.get()
    assert row.file_name == "писмо.pdf" and row.size == len(content)


def test_a_second_participant_may_use_the_same_document_guid(client, municipality, municipality_identity):
    """DocumentGUIDs are unique per sender: another administration's document is another document."""
    doc = DocumentFactory()
    submit(client, signed(m.RegistrationRequest(document=doc, comment="c"), municipality_identity))
    other_identity = devkeys.generate("Община Бяла", "000000003", bits=2048)
    other = ParticipantFactory(certificate_serial=other_identity.serial_hex)
    response = submit(
        client, signed(m.RegistrationRequest(document=doc, comment="c"), other_identity, sender=other.entity)
    )
    assert answer(response)[0].body.status == m.DocStatus.WAIT_REGISTRATION
    assert ExchangedDocument.objects.count() == 2
