"""Delivery over real HTTPS with mutual TLS: a loopback server that requires a client certificate from
a throwaway CA, and our outbox that must both present its certificate and verify the server's."""

import ssl
from types import SimpleNamespace

import pytest
from django.utils import timezone

from documents.exchange import outbox
from documents.exchange.models import ExchangedDocument, Message
from documents.exchange.wire import messages as m

from .conftest import REGION
from .peer import FakePeer
from .test_outbox import make_due, queue_registration
from .tls import TestCA

pytestmark = pytest.mark.django_db


def server_context(ca: TestCA, server) -> ssl.SSLContext:
    """The peer's TLS: its server certificate, and client certificates required and checked against ``ca``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(server.cert, server.key)
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(cafile=ca.bundle)
    return context


@pytest.fixture
def pki(tmp_path):
    ca = TestCA(tmp_path, "seos-ca")
    return SimpleNamespace(ca=ca, server=ca.server(), client=ca.client(REGION.name))


@pytest.fixture
def tls_peer(pki, municipality, municipality_identity):
    with FakePeer(municipality_identity, tls=server_context(pki.ca, pki.server)) as fake:
        municipality.service_uri = fake.url
        municipality.save()
        yield fake


@pytest.fixture
def configured(settings, pki):
    """Our side set up right: the client certificate the peer's CA issued us, and that CA as the bundle."""
    settings.SEOS_CLIENT_CERT, settings.SEOS_CLIENT_KEY = str(pki.client.cert), str(pki.client.key)
    settings.SEOS_CA_BUNDLE = pki.ca.bundle
    settings.SEOS_HTTP_TIMEOUT = (2, 5)
    settings.SEOS_DELIVERY_MAX_ATTEMPTS = 3
    return settings


def subject(peer_cert: dict) -> dict:
    return {key: value for rdn in peer_cert["subject"] for key, value in rdn}


def left_for_retry(row: Message, exchanged: ExchangedDocument, peer: FakePeer) -> str:
    """One attempt that fails in transport: the row stays pending with a later try, nothing delivered."""
    assert outbox.deliver(row.pk) == "retry"
    row.refresh_from_db()
    exchanged.refresh_from_db()
    assert row.status == Message.Status.PENDING and row.attempts == 1
    assert row.delivered_at is None and row.reply_xml == "" and row.next_try > timezone.now()
    assert exchanged.status == ExchangedDocument.Status.SENDING
    assert peer.received == []
    return row.error


def test_delivery_with_our_client_certificate_succeeds(tls_peer, municipality, configured):
    row, exchanged = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "sent"
    row.refresh_from_db()
    exchanged.refresh_from_db()
    assert row.status == Message.Status.SENT and row.delivered_at and row.reply_xml
    assert exchanged.status == m.DocStatus.WAIT_REGISTRATION
    assert len(tls_peer.received) == 1
    seen = subject(tls_peer.client_certs[0])
    assert seen["commonName"] == REGION.name and seen["organizationName"] == "Тестова администрация"


def test_certificate_and_key_in_one_file(tls_peer, municipality, configured, pki, tmp_path):
    both = tmp_path / "client-both.pem"
    both.write_bytes(pki.client.cert.read_bytes() + pki.client.key.read_bytes())
    configured.SEOS_CLIENT_CERT, configured.SEOS_CLIENT_KEY = str(both), ""
    row, _ = queue_registration(municipality)
    assert outbox.deliver(row.pk) == "sent"
    assert subject(tls_peer.client_certs[0])["commonName"] == REGION.name


def test_without_a_client_certificate_the_message_waits_for_a_retry(tls_peer, municipality, configured, pki):
    configured.SEOS_CLIENT_CERT = configured.SEOS_CLIENT_KEY = ""
    row, exchanged = queue_registration(municipality)
    error = left_for_retry(row, exchanged, tls_peer)
    assert error.startswith(("SSLError", "ConnectionError")), error

    # Once the certificate is configured, the next attempt delivers the same message, once.
    configured.SEOS_CLIENT_CERT, configured.SEOS_CLIENT_KEY = str(pki.client.cert), str(pki.client.key)
    make_due(row)
    assert outbox.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and len(tls_peer.received) == 1
    assert tls_peer.raw[0] in row.raw_xml.encode()


def test_a_client_certificate_from_another_ca_is_refused_by_the_server(
    tls_peer, municipality, configured, tmp_path
):
    stranger = TestCA(tmp_path, "other-ca").client(REGION.name)
    configured.SEOS_CLIENT_CERT, configured.SEOS_CLIENT_KEY = str(stranger.cert), str(stranger.key)
    row, exchanged = queue_registration(municipality)
    error = left_for_retry(row, exchanged, tls_peer)
    assert error.startswith(("SSLError", "ConnectionError")), error


# --- we verify the server: an unknown or wrong server certificate is a transport failure ---------------


@pytest.mark.parametrize("bundle", ["another CA", "the system's CAs"])
def test_a_server_certificate_from_a_ca_we_do_not_trust_is_refused(
    tls_peer, municipality, configured, tmp_path, bundle
):
    configured.SEOS_CA_BUNDLE = TestCA(tmp_path, "other-ca").bundle if bundle == "another CA" else ""
    row, exchanged = queue_registration(municipality)
    error = left_for_retry(row, exchanged, tls_peer)
    assert "CERTIFICATE_VERIFY_FAILED" in error, error
    assert tls_peer.client_certs == []


def test_a_server_certificate_for_another_name_is_refused(
    pki, municipality, municipality_identity, configured
):
    elsewhere = pki.ca.server("elsewhere", names=("seos.example.invalid",))
    with FakePeer(municipality_identity, tls=server_context(pki.ca, elsewhere)) as peer:
        municipality.service_uri = peer.url
        municipality.save()
        row, exchanged = queue_registration(municipality)
        error = left_for_retry(row, exchanged, peer)
    assert "CERTIFICATE_VERIFY_FAILED" in error and "mismatch" in error, error


@pytest.mark.parametrize("setting", ["SEOS_CA_BUNDLE", "SEOS_CLIENT_CERT"])
def test_a_missing_certificate_file_is_a_transport_failure(
    tls_peer, municipality, configured, tmp_path, setting
):
    """A deployment mistake (a path that does not exist) fails the attempt like the network would, so
    the row keeps its place in the outbox and the error says what to fix."""
    setattr(configured, setting, str(tmp_path / "missing.pem"))
    row, exchanged = queue_registration(municipality)
    error = left_for_retry(row, exchanged, tls_peer)
    assert "missing.pem" in error, error


@pytest.mark.parametrize("allowed", [False, True])
def test_plain_http_is_refused_unless_allowed(municipality, municipality_identity, configured, allowed):
    """СЕОС endpoints are HTTPS: an http:// address fails at once (nothing leaves) unless a development or
    test setup allows it."""
    configured.SEOS_ALLOW_PLAIN_HTTP = allowed
    with FakePeer(municipality_identity) as plain:
        municipality.service_uri = plain.url
        municipality.save()
        row, exchanged = queue_registration(municipality)
        result = outbox.deliver(row.pk)
    row.refresh_from_db()
    exchanged.refresh_from_db()
    if allowed:
        assert result == "sent" and len(plain.received) == 1
        return
    assert result == "failed" and plain.received == []
    assert row.status == Message.Status.FAILED and row.delivered_at is None
    assert "SEOS_ALLOW_PLAIN_HTTP" in row.error and exchanged.status == ExchangedDocument.Status.FAILED
