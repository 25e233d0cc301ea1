"""Refusals in the registry are security events: every 403, every 404 that hides an existing document or file,
and every file a registrar's upload had refused, each one ``portal.security`` record with ids, no personal
data (no file name, no correspondent, no content)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, GeneratedFile
from tests.documents.ui.conftest import PDF
from tests.documents.ui.test_register_forms import INCOMING, incoming_data

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"DOS mode"


@pytest.fixture
def events(caplog):
    caplog.set_level("INFO", logger="portal.security")

    def of_kind(kind):
        records = [r for r in caplog.records if r.name == "portal.security"]
        return [r.security for r in records if r.security["event"] == kind]

    return of_kind


def assert_not_logged(caplog, *values):
    logged = caplog.text + " ".join(str(r.__dict__.get("security", "")) for r in caplog.records)
    for value in values:
        assert value not in logged, f"{value!r} was logged"


def test_a_user_without_registry_access_gets_a_logged_403(client, editor, events):
    client.force_login(editor)
    response = client.get(reverse("documents_admin:index"))
    assert response.status_code == 403
    [event] = events("permission.denied")
    assert event["status"] == 403
    assert event["view"] == "documents_admin:index"
    assert event["user_id"] == editor.pk
    assert event["path"] == reverse("documents_admin:index")


def test_a_document_hidden_as_404_is_a_logged_denial(client, other_clerk, assigned_doc, events, caplog):
    client.force_login(other_clerk)
    url = reverse("documents_admin:document", args=[assigned_doc.pk])
    assert client.get(url).status_code == 404
    [event] = events("permission.denied")
    assert event["status"] == 404
    assert event["document"] == assigned_doc.pk
    assert event["view"] == "documents_admin:document"
    assert event["user_id"] == other_clerk.pk
    assert_not_logged(caplog, "Иван Петров", assigned_doc.subject)


def test_a_document_that_does_not_exist_is_no_denial(client, other_clerk, assigned_doc, events):
    client.force_login(other_clerk)
    missing = Document.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("documents_admin:document", args=[missing])).status_code == 404
    assert events("permission.denied") == []


def test_the_document_seen_by_its_clerk_logs_nothing(client, clerk, assigned_doc, events):
    client.force_login(clerk)
    assert client.get(reverse("documents_admin:document", args=[assigned_doc.pk])).status_code == 200
    assert events("permission.denied") == []


@pytest.mark.parametrize("name", ["documents:attachment", "documents_admin:attachment"])
def test_a_refused_attachment_download_is_a_logged_denial(
    client, other_clerk, assigned_doc, events, caplog, name
):
    att = assigned_doc.attachments.get()
    client.force_login(other_clerk)
    assert client.get(reverse(name, args=[att.pk])).status_code == 404
    [event] = events("permission.denied")
    assert event["status"] == 404
    assert event["attachment"] == att.pk and event["document"] == assigned_doc.pk
    assert event["view"] == name
    assert_not_logged(caplog, "молба")


def test_a_refused_generated_file_download_is_a_logged_denial(client, other_clerk, assigned_doc, events):
    from documents import tasks

    receipt = GeneratedFile.objects.get(pk=tasks.render_receipt(assigned_doc.pk))
    client.force_login(other_clerk)
    assert client.get(reverse("documents:generated_file", args=[receipt.pk])).status_code == 404
    [event] = events("permission.denied")
    assert event["generated_file"] == receipt.pk and event["document"] == assigned_doc.pk


def test_a_hidden_resolution_is_a_logged_denial(client, manager, clerk, other_clerk, assigned_doc, events):
    from documents import actions

    resolution = actions.resolve(manager, assigned_doc, text="Проверка", assignees=[clerk])
    client.force_login(other_clerk)
    url = reverse("documents_admin:resolution_action", args=[resolution.pk, "complete"])
    assert client.post(url).status_code == 404
    assert not resolution.__class__.objects.get(pk=resolution.pk).completed_at
    [event] = events("permission.denied")
    assert event["status"] == 404
    assert event["resolution"] == resolution.pk and event["document"] == assigned_doc.pk


def test_a_file_lying_about_its_type_is_a_rejected_upload(client, registrar, incoming, events, caplog):
    client.force_login(registrar)
    data = incoming_data(incoming)
    data["files"] = [SimpleUploadedFile("Иван-диплома.pdf", EXE), SimpleUploadedFile("молба.pdf", PDF)]
    response = client.post(INCOMING, data)
    assert response.status_code == 200
    assert not Document.objects.exists()
    [event] = events("upload.rejected")
    assert event["reason"] == "type_mismatch"
    assert event["extension"] == "pdf"
    assert event["detected"] == "application/x-dosexec"
    assert event["size"] == len(EXE)
    assert event["register"] == incoming.pk
    assert event["user_id"] == registrar.pk
    assert event["path"] == INCOMING
    assert_not_logged(caplog, "Иван", "DOS mode", "ivan@example.bg")


def test_an_oversize_file_is_a_rejected_upload(client, registrar, incoming, events):
    incoming.max_attachment_bytes = 20
    incoming.save()
    client.force_login(registrar)
    data = incoming_data(incoming)
    data["files"] = [SimpleUploadedFile("молба.pdf", PDF)]
    assert client.post(INCOMING, data).status_code == 200
    [event] = events("upload.rejected")
    assert event["reason"] == "too_large"
    assert event["size"] == len(PDF)
    assert event["detected"] == "application/pdf"


def test_a_refused_attachment_on_the_document_page_is_a_rejected_upload(client, clerk, assigned_doc, events):
    client.force_login(clerk)
    url = reverse("documents_admin:document_action", args=[assigned_doc.pk, "attach"])
    response = client.post(url, {"attach-files": [SimpleUploadedFile("скица.exe", EXE)]})
    assert response.status_code == 200
    assert assigned_doc.attachments.count() == 1
    [event] = events("upload.rejected")
    assert event["reason"] == "type_not_allowed"
    assert event["extension"] == "other"
    assert event["detected"] == "application/x-dosexec"
    assert event["user_id"] == clerk.pk


def test_an_accepted_registration_logs_no_rejection(client, registrar, incoming, events):
    client.force_login(registrar)
    data = incoming_data(incoming)
    data["files"] = [SimpleUploadedFile("молба.pdf", PDF)]
    assert client.post(INCOMING, data).status_code == 302
    assert events("upload.rejected") == [] and events("permission.denied") == []
