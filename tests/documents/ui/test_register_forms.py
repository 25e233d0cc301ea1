"""Registering through the forms: what a registrar and a clerk do, and bad input answered without writing.

Bad input: missing fields, a file that lies about its type, an oversize file, a deadline in the past, a bad
ЕИК, a role that may not register. Each time: a clear message at the field and in the summary, status 200
(or 403), and the counts of everything the registry writes unchanged, no file left on disk.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from tests.documents.ui.conftest import PDF, written

INCOMING = reverse("documents_admin:register_incoming")
OUTGOING = reverse("documents_admin:register_outgoing")
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452") + b"\0" * 64


def incoming_data(register, overrides=None):
    data = {
        "register": register.pk,
        "kind": "application",
        "channel": "desk",
        "subject": "Искане за издаване на удостоверение за наследници",
        "sender_reference": "94-00-12",
        "sender_date": "",
        "sheets": "2",
        "deadline": "",
        "assignee": "",
        "department": "",
        "note": "",
        "sender-0-kind": "person",
        "sender-0-name": "Иван Петров Иванов",
        "sender-0-city": "Русе",
        "sender-0-address": "ул. „Борисова“ 12",
        "sender-0-eik": "",
        "sender-0-email": "ivan@example.bg",
        "sender-0-phone": "",
    }
    data.update(overrides or {})
    return data


def files_on_disk(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_registrar_registers_an_incoming_document_with_files(client, registrar, incoming, private_media):
    client.force_login(registrar)
    data = incoming_data(
        incoming, {"deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat()}
    )
    data["files"] = [SimpleUploadedFile("молба.pdf", PDF), SimpleUploadedFile("скица.png", PNG)]
    response = client.post(INCOMING, data)
    doc = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents_admin:document", args=[doc.pk])
    assert doc.registered_by == registrar and doc.subject.startswith("Искане за издаване")
    assert doc.correspondent_names == "Иван Петров Иванов, Русе" and doc.sender_reference == "94-00-12"
    assert sorted(a.original_name for a in doc.attachments.all()) == ["молба.pdf", "скица.png"]
    assert {a.content_type for a in doc.attachments.all()} == {"application/pdf", "image/png"}
    page = client.get(response["Location"])
    html = page.content.decode()
    assert doc.formatted_number in html
    assert reverse("documents_admin:document_pdf", args=[doc.pk, "receipt"]) in html
    assert "молба.pdf" in html and doc.attachments.get(original_name="молба.pdf").sha256 in html


def test_the_form_offers_only_the_registers_the_user_may_use(client, registrar, incoming):
    from tests.documents.factories import RegisterFactory

    foreign = RegisterFactory(index="ОА-07", uri_index=7, name="Чужд регистър", group_names=[])
    client.force_login(registrar)
    html = client.get(INCOMING).content.decode()
    assert incoming.name in html and foreign.name not in html
    before = written()
    response = client.post(INCOMING, incoming_data(foreign))
    assert response.status_code == 200 and written() == before
    assert 'id="error-summary"' in response.content.decode()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"subject": "  "}, "subject", "Enter the subject."),
        ({"kind": ""}, "kind", "Choose the kind of document."),
        ({"channel": ""}, "channel", "Choose how the document came or goes."),
        ({"register": ""}, "register", "Choose the register."),
        (
            {"sender-0-name": "", "sender-0-city": "", "sender-0-address": "", "sender-0-email": ""},
            "sender-0-name",
            "Enter the sender.",
        ),
        ({"sender-0-name": ""}, "sender-0-name", "Enter the name of the correspondent."),
        ({"sender-0-eik": "123456789"}, "sender-0-name", "ЕИК"),
        ({"deadline": "2020-01-01"}, "deadline", "The deadline cannot be in the past."),
        ({"deadline": "утре"}, "deadline", ""),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    client, registrar, incoming, private_media, overrides, field, message
):
    client.force_login(registrar)
    before = written()
    response = client.post(INCOMING, incoming_data(incoming, overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert written() == before and files_on_disk(private_media) == []
    assert 'id="error-summary"' in html and 'role="alert"' in html
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert f'id="id_{field}-error"' in html  # the message sits at the field...
    assert f'aria-describedby="id_{field}-error"' in html or f"id_{field}-help id_{field}-error" in html
    assert message in html


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("писмо.pdf", b"MZ\x90\x00" + b"\0" * 200), "does not match its extension"),
        (SimpleUploadedFile("снимка.pdf", PNG), "does not match its extension"),
        (SimpleUploadedFile("програма.exe", b"MZ\x90\x00" + b"\0" * 200), "is not of an accepted type"),
        (SimpleUploadedFile("голям.pdf", PDF + b"0" * 2048), "the largest file accepted is"),
        (SimpleUploadedFile("празен.pdf", b""), ""),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    client, registrar, incoming, private_media, upload, message
):
    incoming.max_attachment_bytes = 1024
    incoming.save()
    client.force_login(registrar)
    before = written()
    data = incoming_data(incoming)
    data["files"] = [SimpleUploadedFile("добър.pdf", PDF), upload]
    response = client.post(INCOMING, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert written() == before and files_on_disk(private_media) == []
    assert 'href="#id_files"' in html and 'id="id_files-error"' in html
    assert message in html
    if message:
        assert upload.name in html  # the message names the file


def test_a_clerk_may_not_register_incoming(client, clerk, incoming):
    client.force_login(clerk)
    before = written()
    response = client.post(INCOMING, incoming_data(incoming))
    assert response.status_code == 403
    assert written() == before


def test_a_clerk_registers_an_outgoing_letter_to_two_recipients(client, clerk, outgoing):
    client.force_login(clerk)
    data = {
        "register": outgoing.pk,
        "kind": "letter",
        "channel": "seos",
        "subject": "Уведомление за проверка",
        "recipient-0-kind": "administration",
        "recipient-0-name": "Община Русе",
        "recipient-0-eik": "000530632",
        "recipient-1-kind": "person",
        "recipient-1-name": "Мария Георгиева",
        "recipient-1-city": "Николово",
        "recipient-2-kind": "person",
        "files": [SimpleUploadedFile("уведомление.pdf", PDF)],
    }
    response = client.post(OUTGOING, data)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.register == outgoing and doc.registered_by == clerk
    assert [p.correspondent.name for p in doc.parties.order_by("position")] == [
        "Община Русе",
        "Мария Георгиева",
    ]
    html = client.get(response["Location"]).content.decode()
    assert reverse("documents_admin:document_pdf", args=[doc.pk, "letter"]) in html


def test_outgoing_without_a_recipient_is_refused(client, registrar, outgoing):
    client.force_login(registrar)
    before = written()
    response = client.post(
        OUTGOING,
        {
            "register": outgoing.pk,
            "kind": "letter",
            "channel": "post",
            "subject": "Писмо",
            "recipient-0-kind": "person",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and written() == before
    assert "Enter the recipient." in response.content.decode()
