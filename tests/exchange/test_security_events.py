"""Every refusal of the inbound endpoint is one ``seos.rejected`` security event: reason and the GUIDs the
message claims, the caller's address, and nothing of the message itself."""

import logging

import pytest
from lxml import etree

from documents.exchange import devkeys
from documents.exchange.wire import messages as m

from .conftest import MUNICIPALITY
from .peer import answer, signed, submit
from .test_endpoint import DEEP, LAUGHS, XXE, registration

pytestmark = pytest.mark.django_db

# Personal data and content of the documents sent in these tests (DocumentFactory's full trait).
PRIVATE = ("8001010000", "ivan@example.invalid", "Иван Петров Иванов", "Искане на информация", "JVBERi0")


def rejections(caplog):
    return [
        r.security
        for r in caplog.records
        if r.name == "portal.security" and r.security["event"] == "seos.rejected"
    ]


def assert_nothing_private_logged(caplog):
    text = "\n".join(f"{r.getMessage()} {getattr(r, 'security', '')}" for r in caplog.records)
    for value in PRIVATE:
        assert value not in text, value


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    return caplog


def tampered(identity, guid):
    root = etree.fromstring(signed(registration(full=True), identity, guid=guid))
    root.find(".//{%s}DocKind" % m.NS).text = "Заповед"
    return etree.tostring(root)


def bad_schema(identity, guid):
    root = etree.fromstring(signed(registration(full=True), identity, guid=guid))
    root.find(".//{%s}DocKind" % m.NS).tag = "{%s}Kind" % m.NS
    return etree.tostring(root)


def for_someone_else(identity, guid):
    other = m.Entity("000000003", "Община Бяла", m.new_guid())
    return signed(registration(full=True), identity, guid=guid, recipient=other)


def stranger_signed(identity, guid):
    return signed(registration(full=True), devkeys.generate("Община Русе", "000000002", bits=2048), guid=guid)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (bad_schema, "schema"),
        (for_someone_else, "recipient"),
        (tampered, "signature"),
        (stranger_signed, "certificate"),
    ],
    ids=["schema", "recipient", "signature", "certificate"],
)
def test_a_refused_message_is_a_security_event(
    client, municipality, municipality_identity, events, make, reason
):
    guid = m.new_guid()
    reply, _ = answer(submit(client, make(municipality_identity, guid)))
    assert reply.type == m.MessageType.ERROR
    (event,) = rejections(events)
    assert event == {
        "event": "seos.rejected",
        "ip": "127.0.0.1",
        "path": "/seos/",
        "sender_guid": MUNICIPALITY.guid,
        "message_guid": guid,
        "reason": reason,
    }
    assert_nothing_private_logged(events)


@pytest.mark.parametrize("status", ["unknown", "Inactive", "TemporarilyInactive"])
def test_a_sender_we_do_not_accept_from_is_a_security_event(
    client, municipality, municipality_identity, events, status
):
    if status == "unknown":
        municipality.delete()
    else:
        municipality.status = status
        municipality.save()
    guid = m.new_guid()
    submit(client, signed(registration(full=True), municipality_identity, guid=guid))
    (event,) = rejections(events)
    assert (event["reason"], event["sender_guid"], event["message_guid"]) == (
        "sender",
        MUNICIPALITY.guid,
        guid,
    )
    assert_nothing_private_logged(events)


def test_a_used_message_guid_is_a_security_event_but_a_repeat_is_not(
    client, municipality, municipality_identity, events
):
    guid = m.new_guid()
    first = signed(registration(full=True), municipality_identity, guid=guid)
    submit(client, first)
    submit(client, first)  # the same bytes again, as after a lost reply: answered, not refused
    assert rejections(events) == []
    submit(client, signed(registration(full=True), municipality_identity, guid=guid))
    (event,) = rejections(events)
    assert (event["reason"], event["sender_guid"], event["message_guid"]) == (
        "duplicate",
        MUNICIPALITY.guid,
        guid,
    )
    assert_nothing_private_logged(events)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [(XXE, "doctype"), (LAUGHS, "doctype"), (DEEP, "too_deep")],
    ids=["external entity", "billion laughs", "deep nesting"],
)
def test_hostile_xml_is_a_security_event(client, municipality, events, payload, reason):
    submit(client, payload)
    (event,) = rejections(events)
    assert (event["reason"], event["sender_guid"], event["message_guid"]) == (reason, None, None)
    assert "passwd" not in str(event)


def test_hostile_xml_in_the_envelope_is_a_security_event(client, municipality, events):
    envelope = b"""<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&x;</s:Body></s:Envelope>"""
    client.post("/seos/", data=envelope, content_type="text/xml")
    (event,) = rejections(events)
    assert (event["reason"], event["sender_guid"], event["message_guid"]) == ("doctype", None, None)


def test_an_oversize_body_is_a_security_event(client, settings, municipality, municipality_identity, events):
    settings.SEOS_MAX_MESSAGE_BYTES = 1000
    response = submit(client, signed(registration(full=True), municipality_identity))
    assert response.status_code == 413
    (event,) = rejections(events)
    assert event["reason"] == "too_large" and event["ip"] == "127.0.0.1"
    assert_nothing_private_logged(events)


def test_an_accepted_message_is_no_security_event(client, municipality, municipality_identity, events):
    reply, _ = answer(submit(client, signed(registration(full=True), municipality_identity)))
    assert reply.body.status == m.DocStatus.WAIT_REGISTRATION
    assert rejections(events) == []
