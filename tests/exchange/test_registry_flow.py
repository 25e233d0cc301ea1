"""СЕОС and the registry: register or refuse what came, send, answer with DocParentID, push status changes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from documents import actions as registry
from documents.exchange import actions
from documents.exchange.models import ExchangedDocument, Message
from documents.exchange.wire import messages as m
from documents.models import Document
from tests.documents.factories import RegisterFactory, UserFactory

from .factories import AttachmentFactory, DocumentFactory, ParticipantFactory
from .peer import FakePeer, answer, signed, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def seos_register(db):
    return RegisterFactory(index="ОА-05", uri_index=5, name="Документи, получени по СЕОС", purpose="seos")


@pytest.fixture
def outgoing(db):
    return RegisterFactory(index="ОА-02", uri_index=2, name="Изходящи документи", outgoing=True)


@pytest.fixture
def registrar(db):
    return UserFactory(username="registrar", registrar=True)


@pytest.fixture
def peer(municipality, municipality_identity):
    with FakePeer(municipality_identity) as fake:
        fake.behaviour = lambda message: (200, _ack(fake, message))
        municipality.service_uri = fake.url
        municipality.save()
        yield fake


def _ack(peer, message):
    """What a peer answers: WAIT for a document, nothing for a status notice."""
    from documents.exchange.wire import soap

    if isinstance(message.body, m.RegistrationRequest):
        return peer.wait_registration(message)[1]
    return soap.submit_response(None)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit work (deliveries, signals) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def receive(client, identity, **document):
    requested = timezone.localdate() + dt.timedelta(days=14)
    document.setdefault("requested_close_date", requested)
    doc = DocumentFactory(**document)
    answer(submit(client, signed(m.RegistrationRequest(document=doc, comment="c"), identity)))
    return ExchangedDocument.objects.get(direction="in", document_guid=doc.id.guid), doc


def test_registering_a_received_document_numbers_it_and_tells_the_sender(
    client, peer, municipality_identity, seos_register, registrar, on_commit
):
    received, sent = receive(client, municipality_identity, full=True, requested_close_date=None)
    with on_commit():
        document = actions.register_received(registrar, received)
    assert document.channel == Document.Channel.SEOS and document.register == seos_register
    assert document.sender_reference == sent.id.number.number and document.sender_date == sent.id.number.date
    assert document.subject == "Искане на информация" and document.kind == Document.Kind.LETTER
    assert [a.sha256 for a in document.attachments.order_by("id")] == [
        a.sha256 for a in received.attachments.all()
    ]
    assert document.attachments.first().content_type == "application/pdf"
    names = [c.name for c in document.correspondents.all()]
    assert "Община Русе" in names and "Иван Петров Иванов" in names
    notice = peer.received[-1]
    assert notice.body.status == m.DocStatus.REGISTERED
    assert notice.body.doc_id == m.DocumentId(
        guid=received.document_guid,
        number=m.DocumentNumber(document.formatted_number, document.registered_on),
    )
    received.refresh_from_db()
    assert received.status == m.DocStatus.REGISTERED and received.document == document
    assert [h.status for h in received.history.all()] == ["DS_WAIT_REGISTRATION", "DS_REGISTERED"]


def test_registering_twice_never_makes_a_second_document(
    client, peer, municipality_identity, seos_register, registrar, on_commit
):
    received, _ = receive(client, municipality_identity)
    with on_commit():
        first = actions.register_received(registrar, received)
        second = actions.register_received(registrar, received)
    assert first == second
    assert Document.objects.count() == 1
    assert Message.objects.filter(direction="out", type="MSG_DocumentStatusResponse").count() == 1


def test_the_requested_deadline_becomes_the_deadline(
    client, peer, municipality_identity, seos_register, registrar
):
    received, sent = receive(client, municipality_identity)
    document = actions.register_received(registrar, received)
    assert document.deadline == sent.requested_close_date


def test_refusing_tells_the_sender_why(
    client, peer, municipality_identity, seos_register, registrar, on_commit
):
    received, _ = receive(client, municipality_identity)
    with pytest.raises(ValidationError):
        actions.reject_received(registrar, received, reason="  ")
    with on_commit():
        actions.reject_received(registrar, received, reason="Липсва подпис на кмета")
    notice = peer.received[-1]
    assert (notice.body.status, notice.body.rejection_reason) == (
        m.DocStatus.REJECTED,
        "Липсва подпис на кмета",
    )
    received.refresh_from_db()
    assert received.status == m.DocStatus.REJECTED
    with pytest.raises(ValidationError):
        actions.register_received(registrar, received)
    assert Document.objects.count() == 0


def test_closing_in_the_registry_pushes_closed(
    client, peer, municipality_identity, seos_register, registrar, on_commit
):
    received, _ = receive(client, municipality_identity)
    with on_commit():
        document = actions.register_received(registrar, received)
    manager = UserFactory(username="manager", manager=True)
    with on_commit():
        registry.close(manager, document, note="Изпълнено")
    assert peer.received[-1].body.status == m.DocStatus.CLOSED
    received.refresh_from_db()
    assert received.status == m.DocStatus.CLOSED


def test_answering_sends_a_new_document_with_doc_parent_id(
    client, peer, municipality_identity, seos_register, outgoing, registrar, on_commit
):
    received, sent = receive(client, municipality_identity)
    with on_commit():
        ours = actions.register_received(registrar, received)
    manager = UserFactory(username="manager", manager=True)  # answering is the clerks' and managers' work
    with on_commit():
        answer_doc = actions.answer_received(
            manager,
            received,
            register=outgoing,
            subject="Отговор на искането",
            files=[ContentFile(PDF, name="otgovor.pdf")],
        )
    assert answer_doc.in_reply_to == ours and answer_doc.channel == Document.Channel.SEOS
    request = peer.received[-1]
    assert isinstance(request.body, m.RegistrationRequest)
    assert request.body.document.parent_id == m.DocumentId(guid=sent.id.guid, number=sent.id.number)
    assert request.body.document.id.number.number == answer_doc.formatted_number
    assert request.body.document.attachments[0].content == PDF
    out = ExchangedDocument.objects.get(direction="out")
    assert out.parent == received and out.status == m.DocStatus.WAIT_REGISTRATION


def test_sending_to_two_administrations(peer, municipality, outgoing, registrar, on_commit):
    other = ParticipantFactory(service_uri=peer.url, certificate_serial=municipality.certificate_serial)
    letter = registry.register_outgoing(
        registrar,
        register=outgoing,
        subject="Покана за среща",
        kind=Document.Kind.INVITATION,
        channel=Document.Channel.SEOS,
        correspondents=[{"kind": "administration", "name": "Община Русе"}],
        files=[ContentFile(PDF, name="pokana.pdf")],
    )
    with on_commit():
        sent = actions.send_document(registrar, letter, [municipality, other], comment="За сведение")
    assert len({e.document_guid for e in sent}) == 1  # one document, one DocumentGUID
    assert {r.recipient.guid for r in peer.received} == {municipality.guid, other.guid}
    body = peer.received[0].body
    assert (
        body.comment == "За сведение"
        and body.document.kind == "Покана"
        and body.document.about == "Покана за среща"
    )
    with pytest.raises(ValidationError, match="Already sent|Вече"):
        actions.send_document(registrar, letter, [municipality])


def test_a_received_answer_is_linked_to_our_letter(
    client, peer, municipality, municipality_identity, seos_register, outgoing, registrar, on_commit
):
    letter = registry.register_outgoing(
        registrar,
        register=outgoing,
        subject="Искане на становище",
        kind=Document.Kind.LETTER,
        channel=Document.Channel.SEOS,
        correspondents=[{"kind": "administration", "name": "Община Русе"}],
    )
    with on_commit():
        [sent] = actions.send_document(registrar, letter, [municipality])
    their_answer, _ = receive(client, municipality_identity, parent_id=m.DocumentId(guid=sent.document_guid))
    assert their_answer.parent == sent
    with on_commit():
        document = actions.register_received(registrar, their_answer)
    assert letter in document.related.all()


def test_only_registrars_and_managers_exchange(client, peer, municipality, municipality_identity, outgoing):
    received, _ = receive(client, municipality_identity)
    clerk = UserFactory(username="clerk", clerk=True)
    with pytest.raises(PermissionDenied):
        actions.register_received(clerk, received)
    with pytest.raises(PermissionDenied):
        actions.reject_received(clerk, received, reason="не")


def test_what_cannot_be_sent_is_explained(peer, municipality, outgoing, seos_register, registrar):
    incoming_doc = registry.register_incoming(
        registrar,
        register=seos_register,
        subject="Жалба",
        kind=Document.Kind.COMPLAINT,
        channel=Document.Channel.DESK,
        correspondents=[{"name": "Иван", "city": "Русе"}],
    )
    with pytest.raises(ValidationError) as exc:
        actions.send_document(registrar, incoming_doc, [municipality])
    assert "document" in exc.value.message_dict
    letter = registry.register_outgoing(
        registrar,
        register=outgoing,
        subject="Писмо",
        kind=Document.Kind.LETTER,
        channel=Document.Channel.SEOS,
        correspondents=[{"kind": "administration", "name": "Община"}],
    )
    unreachable = ParticipantFactory(unreachable=True)
    with pytest.raises(ValidationError) as exc:
        actions.send_document(registrar, letter, [unreachable], requested_close_date=dt.date(2000, 1, 1))
    assert set(exc.value.message_dict) == {"participants", "requested_close_date"}
    assert Message.objects.count() == 0


def test_asking_for_the_status_of_a_sent_document(peer, municipality, outgoing, registrar, on_commit):
    letter = registry.register_outgoing(
        registrar,
        register=outgoing,
        subject="Писмо",
        kind=Document.Kind.LETTER,
        channel=Document.Channel.SEOS,
        correspondents=[{"kind": "administration", "name": "Община"}],
    )
    with on_commit():
        [sent] = actions.send_document(registrar, letter, [municipality])

    def registered(message):
        number = m.DocumentNumber("94-00-7", timezone.localdate())
        doc_id = m.DocumentId(guid=message.body.doc_id.guid, number=number)
        return 200, peer.reply(m.StatusResponse(doc_id=doc_id, status=m.DocStatus.REGISTERED))

    peer.behaviour = registered
    with on_commit():
        actions.request_status(registrar, sent)
    sent.refresh_from_db()
    assert (sent.status, sent.recipient_number) == (m.DocStatus.REGISTERED, "94-00-7")


def test_attachments_of_a_received_document_reach_the_registry_byte_for_byte(
    client, peer, municipality_identity, seos_register, registrar
):
    content = PDF + b"% " + bytes(range(256))
    received, _ = receive(
        client, municipality_identity, attachments=(AttachmentFactory(content=content, file_name="акт.pdf"),)
    )
    document = actions.register_received(registrar, received)
    attachment = document.attachments.get()
    with attachment.file.open("rb") as fh:
        assert fh.read() == content
    assert attachment.original_name == "акт.pdf"
