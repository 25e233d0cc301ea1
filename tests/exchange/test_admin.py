"""The СЕОС screens of the Wagtail admin, through the HTTP client, for each role."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.exchange.models import ExchangedDocument, Message, Participant
from documents.exchange.wire import messages as m
from tests.documents.factories import UserFactory

from .conftest import with_admin_access
from .factories import ParticipantFactory
from .peer import receive, register_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return with_admin_access(UserFactory(username="clerk", clerk=True))


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_registrars_see_what_waits_for_registration_in_a_constant_number_of_queries(
    client, municipality, municipality_identity, registrar
):
    receive(client, municipality_identity, about="Покана за заседание", full=True)
    client.force_login(registrar)
    url = reverse("exchange_admin:received_index")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert "Покана за заседание" in response.content.decode()
    for n in range(8):
        receive(client, municipality_identity, about=f"Писмо {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Писмо 7" in response.content.decode()
    assert len(many) == len(few)


def test_register_from_the_admin(
    client, municipality, municipality_identity, registrar, seos_register, django_capture_on_commit_callbacks
):
    received, _ = receive(client, municipality_identity, full=True)
    client.force_login(registrar)
    url = reverse("exchange_admin:received", args=[received.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Искане на информация" in html and "pismo.pdf" in html
    municipality.service_uri = "http://127.0.0.1:9/seos/"  # nobody listens: the notice waits in the outbox
    municipality.save()
    response = client.post(
        url,
        {
            "register": seos_register.pk,
            "kind": "letter",
            "subject": "Искане на информация",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "assignee": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    received.refresh_from_db()
    assert received.document.register == seos_register and received.status == m.DocStatus.REGISTERED
    notice = Message.objects.get(direction="out")
    assert notice.type == m.MessageType.STATUS_RESPONSE and notice.status == Message.Status.PENDING
    assert received.document.formatted_number in client.get(url).content.decode()


def test_refusing_needs_a_reason_and_says_so_next_to_the_field(
    client, municipality, municipality_identity, registrar
):
    received, _ = receive(client, municipality_identity)
    client.force_login(registrar)
    url = reverse("exchange_admin:received", args=[received.pk])
    response = client.post(url, {"reject": "1", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "aria-describedby" in html or "error" in html
    assert ExchangedDocument.objects.get().status == m.DocStatus.WAIT_REGISTRATION
    assert client.post(url, {"reject": "1", "reason": "Не е от нашата компетентност"}).status_code == 302
    assert ExchangedDocument.objects.get().status == m.DocStatus.REJECTED


def test_a_received_file_is_served_from_the_signed_original(
    client, municipality, municipality_identity, registrar
):
    received, _ = receive(client, municipality_identity, full=True)
    client.force_login(registrar)
    response = client.get(reverse("exchange_admin:received_file", args=[received.pk, 0]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "pismo.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.7")
    assert client.get(reverse("exchange_admin:received_file", args=[received.pk, 9])).status_code == 404


@pytest.mark.parametrize("who", ["clerk", "editor", "anonymous"])
def test_others_cannot_see_the_exchange(client, municipality, municipality_identity, who, clerk):
    received, _ = receive(client, municipality_identity, full=True)
    if who == "clerk":
        client.force_login(clerk)
    elif who == "editor":
        client.force_login(with_admin_access(UserFactory(username="editor")))
    for url in [
        reverse("exchange_admin:received_index"),
        reverse("exchange_admin:received", args=[received.pk]),
        reverse("exchange_admin:received_file", args=[received.pk, 0]),
        reverse("exchange_admin:sent_index"),
        reverse("exchange_admin:send"),
        reverse("exchange_message:index"),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"%PDF" not in response.content


def test_messages_list_inspect_and_retry(client, municipality, registrar):
    failed = Message.objects.create(
        direction="out",
        type="MSG_DocumentStatusResponse",
        guid=m.new_guid(),
        participant=municipality,
        message_date=timezone.now(),
        raw_xml="<Message/>",
        sha256="0" * 64,
        status="failed",
        attempts=10,
        error="ConnectionError: refused",
    )
    client.force_login(registrar)
    index = client.get(reverse("exchange_message:index"))
    assert index.status_code == 200 and "ConnectionError" in index.content.decode()
    inspect = client.get(reverse("exchange_message:inspect", args=[failed.pk]))
    assert inspect.status_code == 200
    retry_url = reverse("exchange_admin:retry", args=[failed.pk])
    assert retry_url in inspect.content.decode()
    assert client.get(retry_url).status_code == 200
    assert client.post(retry_url).status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert client.get(reverse("exchange_message:index") + "?status=pending").status_code == 200


def test_nobody_edits_messages_by_hand(client, municipality, superuser):
    client.force_login(superuser)
    assert client.get("/admin/seos/messages/new/").status_code == 404


def test_administrators_keep_the_participants(client, superuser, registrar):
    client.force_login(superuser)
    assert client.get(reverse("exchange_participant:index")).status_code == 200
    response = client.post(
        reverse("exchange_participant:add"),
        {
            "name": "Община Бяла",
            "eik": "000530999",
            "guid": "7060EFA8-0000-4938-8B2B-12A78C869999",
            "status": "Active",
            "service_uri": "https://byala.ob.obmen.local:8443/DocExchangeService/",
            "service_status": "Active",
            "certificate_serial": "00:ab:cd",
            "signature_algorithm": "rsa-sha1",
            "phone": "",
            "fax": "",
            "email": "",
            "parent": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Participant.objects.get(eik="000530999")
    assert created.guid == "{7060efa8-0000-4938-8b2b-12a78c869999}" and created.certificate_serial == "ABCD"
    client.force_login(registrar)
    assert client.get(reverse("exchange_participant:index")).status_code in (302, 403)


def test_participants_are_imported_from_a_file_in_the_admin(client, superuser):
    client.force_login(superuser)
    url = reverse("exchange_participant:import")
    assert client.get(url).status_code == 200
    csv = (
        "guid;eik;name;certificate_serial;status;service_uri\n"
        "{11111111-2222-3333-4444-555555555555};000530632;Община Русе;0A1B;Active;https://ruse.example/seos/\n"
    ).encode()
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", csv, content_type="text/csv")})
    assert response.status_code == 302
    assert Participant.objects.get().name == "Община Русе"
    bad = b"guid;eik;name\nnot-a-guid;1;X\n"
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", bad, content_type="text/csv")})
    assert response.status_code == 400 and "not-a-guid" in response.content.decode()


def test_send_and_follow_a_document(client, municipality, registrar, outgoing):
    letter = register_letter(registrar, outgoing, "Писмо до общината")
    client.force_login(registrar)
    form = client.get(reverse("exchange_admin:send"))
    assert form.status_code == 200 and letter.formatted_number in form.content.decode()
    response = client.post(
        reverse("exchange_admin:send"),
        {
            "document": letter.pk,
            "participants": [municipality.pk],
            "comment": "",
            "requested_close_date": "",
            "attention_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sent = ExchangedDocument.objects.get(direction="out")
    assert (
        client.get(reverse("exchange_admin:sent_index")).content.decode().count(letter.formatted_number) >= 1
    )
    detail = reverse("exchange_admin:sent", args=[sent.pk])
    assert client.get(detail).status_code == 200
    assert client.post(detail).status_code == 302
    assert Message.objects.filter(type="MSG_DocumentStatusRequest").count() == 1


def test_sending_without_a_recipient_is_explained(client, registrar, outgoing):
    letter = register_letter(registrar, outgoing, "Писмо")
    ParticipantFactory()
    client.force_login(registrar)
    response = client.post(reverse("exchange_admin:send"), {"document": letter.pk})
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_the_seos_menu_is_shown_to_registrars_only(client, registrar, clerk):
    client.force_login(registrar)
    assert reverse("exchange_admin:received_index") in client.get("/admin/").content.decode()
    client.force_login(clerk)
    assert reverse("exchange_admin:received_index") not in client.get("/admin/").content.decode()


def test_long_lists_are_paged(client, municipality, registrar):
    from documents.exchange.models import ExchangedDocument as ED

    ED.objects.bulk_create(
        ED(
            direction="in",
            participant=municipality,
            document_guid=m.new_guid(),
            status="DS_WAIT_REGISTRATION",
            about=f"Документ {n:03d}",
        )
        for n in range(60)
    )
    client.force_login(registrar)
    first = client.get(reverse("exchange_admin:received_index")).content.decode()
    second = client.get(reverse("exchange_admin:received_index") + "?status=waiting&p=2").content.decode()
    assert first.count("Документ ") == 50 and second.count("Документ ") == 10
    assert "p=2" in first


def test_a_clerk_refused_the_exchange_is_a_security_event(
    client, municipality, municipality_identity, clerk, caplog
):
    received, _ = receive(client, municipality_identity, full=True)
    client.force_login(clerk)
    caplog.set_level("INFO", logger="portal.security")
    for url in [reverse("exchange_admin:received", args=[received.pk]),
                reverse("exchange_admin:received_file", args=[received.pk, 0])]:
        caplog.clear()
        assert client.get(url).status_code in (302, 403), url  # Wagtail redirects refusals to the dashboard
        security = [getattr(r, "security", {}) for r in caplog.records]
        events = [e for e in security if e.get("event") == "permission.denied"]
        assert len(events) == 1, url
        assert events[0]["path"] == url and events[0]["user_id"] == clerk.pk
