"""Playing the other administration in tests: messages signed with its key, SOAP to and from our endpoint,
and a small real HTTP server that answers our deliveries the way a peer would."""

import datetime as dt
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from documents.exchange import wire
from documents.exchange.wire import codec, signing, soap
from documents.exchange.wire import messages as m

from .conftest import MUNICIPALITY, REGION


def signed(
    body, identity, *, sender=MUNICIPALITY, recipient=REGION, guid=None, algorithm="rsa-sha256"
) -> bytes:
    message = m.Message(
        sender=sender,
        recipient=recipient,
        guid=guid or m.new_guid(),
        date=dt.datetime.now(dt.UTC),
        body=body,
    )
    return wire.emit(message, identity, signing.SignatureAlgorithm(algorithm))


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def receive(client, identity, **document):
    """The municipality sends us a document (our endpoint answers); returns our ExchangedDocument and
    the document as sent."""
    from django.utils import timezone

    from documents.exchange.models import ExchangedDocument

    from .factories import DocumentFactory

    document.setdefault("requested_close_date", timezone.localdate() + dt.timedelta(days=14))
    doc = DocumentFactory(**document)
    answer(submit(client, signed(m.RegistrationRequest(document=doc, comment="c"), identity)))
    return ExchangedDocument.objects.get(direction="in", document_guid=doc.id.guid), doc


def register_letter(actor, register, subject="Писмо", *, kind="letter", files=()):
    """Our outgoing letter to Община Русе, registered through the registry's action."""
    from documents import actions as registry

    return registry.register_outgoing(
        actor,
        register=register,
        subject=subject,
        kind=kind,
        channel="seos",
        correspondents=[{"kind": "administration", "name": "Община Русе"}],
        files=list(files),
    )


def submit(client, message: bytes):
    """POST ``message`` to our endpoint as a SOAP Submit, the way a .NET client does."""
    return client.post(
        "/seos/",
        data=soap.submit_request(message),
        content_type="text/xml; charset=utf-8",
        HTTP_SOAPACTION=f'"{soap.SOAP_ACTION}"',
    )


def answer(response) -> tuple[m.Message, signing.Verified]:
    """Our endpoint's synchronous answer, checked as the peer would check it."""
    data = soap.parse_submit_response(response.content)
    assert data is not None, "expected a signed answer"
    verified = signing.verify(wire.read(data))
    return codec.parse(verified.root), verified


class FakePeer:
    """A real HTTP server on 127.0.0.1 standing in for another participant's endpoint.

    ``behaviour`` is a callable ``(message: m.Message) -> (status, body bytes)`` or one of the helpers.
    Every request's message is kept in ``received``. With ``tls`` (a server-side ``ssl.SSLContext``) it
    serves HTTPS and keeps each request's client certificate (``getpeercert()``) in ``client_certs``.
    """

    def __init__(self, identity, *, entity=MUNICIPALITY, tls: ssl.SSLContext | None = None):
        self.identity, self.entity = identity, entity
        self.received: list[m.Message] = []
        self.raw: list[bytes] = []
        self.client_certs: list[dict | None] = []
        self.behaviour = self.wait_registration
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                if tls is not None:
                    peer.client_certs.append(self.connection.getpeercert() or None)
                length = int(self.headers.get("Content-Length") or 0)
                data = soap.parse_submit_request(self.rfile.read(length))
                peer.raw.append(data)
                message = codec.parse(wire.read(data))
                peer.received.append(message)
                status, body = peer.behaviour(message)
                self.send_response(status)
                self.send_header("Content-Type", soap.CONTENT_TYPE)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            # The handshake runs in accept(): one that fails (no or an unknown client certificate) never
            # reaches the handler, so ``received`` shows what got through.
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}/seos/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def reply(self, body, sender=None) -> bytes:
        return soap.submit_response(
            signed(body, self.identity, sender=sender or self.entity, recipient=REGION)
        )

    # behaviours
    def wait_registration(self, message):
        doc_id = (
            message.body.document.id
            if isinstance(message.body, m.RegistrationRequest)
            else message.body.doc_id
        )
        body = m.StatusResponse(doc_id=m.DocumentId(guid=doc_id.guid), status=m.DocStatus.WAIT_REGISTRATION)
        # The peer answers as whichever participant the message was addressed to.
        return 200, self.reply(body, sender=message.recipient)

    def empty(self, message):
        return 200, soap.submit_response(None)

    def server_error(self, message):
        return 500, soap.fault("Server", "database unavailable")

    def external_error(self, message):
        error = m.Error(
            error_type=m.ErrorType.EXTERNAL, description="Невалиден документ", message_guid=message.guid
        )
        return 200, self.reply(error)

    def internal_error(self, message):
        error = m.Error(
            error_type=m.ErrorType.INTERNAL, description="Няма връзка с БД", message_guid=message.guid
        )
        return 200, self.reply(error)
