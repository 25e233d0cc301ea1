"""Delivery over real HTTP to a stand-in peer: answers, retries with backoff, failures, exactly once."""

import datetime as dt

import pytest
from django.utils import timezone

from documents.exchange import outbox, tasks
from documents.exchange.models import ExchangedDocument, Message
from documents.exchange.wire import messages as m
from documents.exchange.wire import soap

from .factories import DocumentFactory, DocumentIdFactory
from .peer import FakePeer

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer(municipality, municipality_identity):
    with FakePeer(municipality_identity) as fake:
        municipality.service_uri = fake.url
        municipality.save()
        yield fake


@pytest.fixture
def fast_retries(settings):
    settings.SEOS_DELIVERY_MAX_ATTEMPTS = 3
    settings.SEOS_RETRY_BACKOFF = 10
    settings.SEOS_HTTP_TIMEOUT = (2, 5)


def queue_registration(participant, **document):
    doc = DocumentFactory(**document)
    exchanged = ExchangedDocument.objects.create(
        direction="out",
        participant=participant,
        document_guid=doc.id.guid,
        status="sending",
    )
    row = outbox.queue(participant, m.RegistrationRequest(document=doc, comment="c"), exchanged=exchanged)
    return row, exchanged


def make_due(row):
    Message.objects.filter(pk=row.pk).update(next_try=timezone.now() - dt.timedelta(seconds=1))


def test_queued_in_the_callers_transaction_and_delivered_on_commit(
    peer, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row, exchanged = queue_registration(municipality, full=True)
        assert peer.received == []  # nothing leaves before the commit
    row.refresh_from_db()
    exchanged.refresh_from_db()
    assert row.status == Message.Status.SENT and row.attempts == 1 and row.delivered_at
    assert exchanged.status == m.DocStatus.WAIT_REGISTRATION
    assert peer.raw == [row.raw_xml.encode().split(b"?>", 1)[1].lstrip()]  # what we signed, declaration aside
    assert peer.received[0].body.document.attachments[0].file_name == "pismo.pdf"
    assert row.reply_xml  # the peer's signed answer is kept


def test_a_rolled_back_transaction_sends_nothing(peer, municipality, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue_registration(municipality)
                raise RuntimeError("the document could not be registered")
        except RuntimeError:
            pass
    assert callbacks == [] and Message.objects.count() == 0 and peer.received == []


def test_legacy_participants_get_rsa_sha1(peer, municipality):
    municipality.signature_algorithm = "rsa-sha1"
    municipality.save()
    row, _ = queue_registration(municipality)
    assert "xmldsig#rsa-sha1" in row.raw_xml


def test_an_empty_answer_means_waiting_for_registration(peer, municipality):
    peer.behaviour = peer.empty
    row, exchanged = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "sent"
    exchanged.refresh_from_db()
    assert exchanged.status == m.DocStatus.WAIT_REGISTRATION


def test_server_errors_are_retried_with_backoff_then_marked_failed(peer, municipality, fast_retries):
    peer.behaviour = peer.server_error
    row, exchanged = queue_registration(municipality)
    before = timezone.now()
    assert outbox.deliver(row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == Message.Status.PENDING and row.attempts == 1 and "database unavailable" in row.error
    assert dt.timedelta(seconds=9) < row.next_try - before < dt.timedelta(seconds=12)
    assert outbox.deliver(row.pk) == "skipped"  # not due yet
    make_due(row)
    assert outbox.deliver(row.pk) == "retry"
    row.refresh_from_db()
    assert dt.timedelta(seconds=19) < row.next_try - timezone.now() < dt.timedelta(seconds=21)  # doubled
    make_due(row)
    assert outbox.deliver(row.pk) == "failed"
    row.refresh_from_db()
    exchanged.refresh_from_db()
    assert (row.status, row.attempts, row.next_try) == (Message.Status.FAILED, 3, None)
    assert exchanged.status == ExchangedDocument.Status.FAILED
    assert len(peer.received) == 3 and len({r for r in peer.raw}) == 1  # the same bytes every time


def test_a_failed_message_can_be_retried_by_hand(peer, municipality, fast_retries):
    peer.behaviour = peer.server_error
    settings_attempts = 1
    row, exchanged = queue_registration(municipality)
    Message.objects.filter(pk=row.pk).update(attempts=settings_attempts + 2)
    outbox.deliver(row.pk)
    row.refresh_from_db()
    assert row.status == Message.Status.FAILED
    peer.behaviour = peer.wait_registration
    assert outbox.retry_by_hand(row)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Message.Status.PENDING, 0)
    assert outbox.deliver(row.pk) == "sent"
    exchanged.refresh_from_db()
    assert exchanged.status == m.DocStatus.WAIT_REGISTRATION


def test_an_external_error_fails_at_once(peer, municipality, fast_retries):
    peer.behaviour = peer.external_error
    row, exchanged = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.attempts == 1 and "Невалиден документ" in row.error
    exchanged.refresh_from_db()
    assert exchanged.status == ExchangedDocument.Status.FAILED


def test_an_internal_error_is_retried(peer, municipality, fast_retries):
    peer.behaviour = peer.internal_error
    row, _ = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "retry"


def test_nobody_listening_is_retried(municipality, fast_retries):
    municipality.service_uri = "http://127.0.0.1:9/seos/"  # discard port: connection refused
    municipality.save()
    row, _ = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "retry"
    row.refresh_from_db()
    assert "ConnectionError" in row.error


def test_an_answer_signed_by_someone_else_is_not_trusted(peer, municipality, fast_retries):
    municipality.certificate_serial = "ABCDEF"
    municipality.save()
    row, exchanged = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "retry"
    exchanged.refresh_from_db()
    assert exchanged.status == "sending"


def test_a_delivery_task_run_twice_sends_once(peer, municipality):
    row, _ = queue_registration(municipality)
    assert tasks.deliver_message.apply(args=[row.pk]).get() == "sent"
    assert tasks.deliver_message.apply(args=[row.pk]).get() == "skipped"
    assert len(peer.received) == 1


def test_a_worker_killed_mid_delivery_leaves_the_row_to_the_periodic_requeue(peer, municipality):
    """The attempt was claimed (leased) but never recorded: a redelivered task skips it until the lease
    ends; then the periodic re-queue delivers it once."""
    row, exchanged = queue_registration(municipality)
    assert outbox.claim(row.pk) is not None  # ... and the worker dies here
    assert tasks.deliver_message.apply(args=[row.pk]).get() == "skipped"  # acks_late redelivery
    assert tasks.requeue_due_messages.apply().get() == 0
    make_due(row)  # the lease ran out
    assert tasks.requeue_due_messages.apply().get() == 1
    row.refresh_from_db()
    exchanged.refresh_from_db()
    assert (row.status, row.attempts) == (Message.Status.SENT, 2)
    assert exchanged.history.count() == 1 and len(peer.received) == 1


def test_requeue_picks_only_due_pending_messages(peer, municipality):
    due, _ = queue_registration(municipality)
    later, _ = queue_registration(municipality)
    Message.objects.filter(pk=later.pk).update(next_try=timezone.now() + dt.timedelta(hours=1))
    assert tasks.requeue_due_messages.apply().get() == 1
    assert {r.guid for r in peer.received} == {due.guid}


def test_recording_the_same_answer_twice_changes_nothing(peer, municipality):
    """A sync answer whose MessageGUID was already applied (a retry after a lost reply) adds no history."""
    row, exchanged = queue_registration(municipality)
    outbox.deliver(row.pk)
    row.refresh_from_db()
    reply = soap.parse_submit_response(soap.submit_response(row.reply_xml.encode()))
    assert reply is not None
    Message.objects.filter(pk=row.pk).update(status="pending")
    outbox._record(Message.objects.get(pk=row.pk), reply)
    assert exchanged.history.count() == 1


def test_status_request_answer_updates_the_sent_document(peer, municipality):
    sent = ExchangedDocument.objects.create(
        direction="out", participant=municipality, document_guid=m.new_guid(), status="DS_WAIT_REGISTRATION"
    )

    def registered(message):
        doc_id = DocumentIdFactory(guid=message.body.doc_id.guid, numbered=True)
        return 200, peer.reply(m.StatusResponse(doc_id=doc_id, status=m.DocStatus.REGISTERED))

    peer.behaviour = registered
    row = outbox.queue(
        municipality, m.StatusRequest(doc_id=m.DocumentId(guid=sent.document_guid)), exchanged=sent
    )
    assert outbox.deliver(row.pk) == "sent"
    sent.refresh_from_db()
    assert sent.status == m.DocStatus.REGISTERED and sent.recipient_number.startswith("ОА-04-")


def test_an_oversize_answer_is_not_read_into_memory(
    municipality, settings, fast_retries, municipality_identity
):
    settings.SEOS_MAX_MESSAGE_BYTES = 5000
    with FakePeer(municipality_identity) as fake:
        fake.behaviour = lambda message: (200, b"<x>" + b"A" * 100_000 + b"</x>")
        municipality.service_uri = fake.url
        municipality.save()
        row, _ = queue_registration(municipality)
        assert outbox.deliver(row.pk) == "retry"
    row.refresh_from_db()
    assert "larger than" in row.error
