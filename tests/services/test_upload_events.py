"""Refused uploads are security events: one ``upload.rejected`` per refused file (or refused batch), with the
reason, the type and the size, never the file's name, its content, the access code or the applicant's data."""

import re

import pytest

from documents import actions
from documents.models import Document
from services.models import ServiceApplication
from tests.documents.factories import RegisterFactory, UserFactory

from .factories import (
    EXE,
    SectionFactory,
    ServiceIndexPageFactory,
    online_service,
    pdf_upload,
    upload,
    valid_post,
)

FILE_FIELD = "q-dokument_za_zaverka"
URL = "/uslugi/apostil/apply/"
PERSONAL = ["Иван", "ivan@example.org", "0888 123 456", "Борисова", "Германия"]


@pytest.fixture
def service(db, settings):
    settings.SERVICES_APPLY_RATE = "1000/m"
    register = RegisterFactory(index="ОА-04", uri_index=4, name="Заявления", purpose="online")
    index = ServiceIndexPageFactory(slug="uslugi")
    return online_service(
        index, register, title="Заверка с апостил", slug="apostil", section=SectionFactory()
    )


def rejected(caplog):
    return [
        r.security
        for r in caplog.records
        if r.name == "portal.security" and r.security["event"] == "upload.rejected"
    ]


def assert_nothing_personal(caplog, *secrets):
    logged = caplog.text + " ".join(str(r.__dict__.get("security", "")) for r in caplog.records)
    for value in [*PERSONAL, *secrets]:
        assert value not in logged, f"{value!r} was logged"


def test_a_file_whose_bytes_are_not_its_type_is_one_event(service, client, caplog):
    caplog.set_level("INFO", logger="portal.security")
    response = client.post(URL, {**valid_post(service), FILE_FIELD: upload("Иван-диплома.pdf", EXE)})
    assert response.status_code == 200
    assert not ServiceApplication.objects.exists()
    [event] = rejected(caplog)
    assert event["reason"] == "type_mismatch"
    assert event["extension"] == "pdf"
    assert event["detected"] == "application/x-dosexec"
    assert event["size"] == len(EXE)
    assert event["service"] == service.pk
    assert event["path"] == URL
    assert_nothing_personal(caplog, "Иван-диплома", "This program cannot be run")


def test_a_type_not_on_the_list_is_logged_with_what_it_really_is(service, client, caplog):
    caplog.set_level("INFO", logger="portal.security")
    files = {FILE_FIELD: pdf_upload(), "attachments": [upload("Иван Петров.exe", EXE)]}
    client.post(URL, {**valid_post(service), **files})
    [event] = rejected(caplog)
    assert event["reason"] == "type_not_allowed"
    assert event["extension"] == "other"
    assert event["detected"] == "application/x-dosexec"
    assert event["field"] == "attachments"
    assert_nothing_personal(caplog, "Петров")


def test_a_file_too_large_is_one_event(service, client, caplog, settings):
    settings.SERVICES_MAX_FILE_BYTES = 100
    caplog.set_level("INFO", logger="portal.security")
    client.post(URL, {**valid_post(service), FILE_FIELD: pdf_upload(content=b"%PDF-1.4\n" + b"0" * 200)})
    [event] = rejected(caplog)
    assert event["reason"] == "too_large"
    assert event["size"] == 209


def test_too_many_files_is_one_event(service, client, caplog, settings):
    settings.SERVICES_MAX_FILES = 2
    caplog.set_level("INFO", logger="portal.security")
    files = [pdf_upload(f"{i}.pdf") for i in range(3)]
    client.post(URL, {**valid_post(service), FILE_FIELD: pdf_upload(), "attachments": files})
    [event] = rejected(caplog)
    assert event["reason"] == "too_many_files"
    assert event["count"] == 4


def test_an_accepted_application_logs_no_rejection(
    service, client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("INFO", logger="portal.security")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**valid_post(service), FILE_FIELD: pdf_upload("diploma.pdf")})
    assert response.status_code == 302
    assert rejected(caplog) == []


@pytest.fixture
def info_requested(service, client, django_capture_on_commit_callbacks):
    """An application whose officer asked for more documents; ``client`` is the applicant's session."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**valid_post(service), FILE_FIELD: pdf_upload("diploma.pdf")})
    code = re.search(r'id="access-code">([A-Z0-9-]+)<', client.get(response["Location"]).content.decode())[1]
    application = ServiceApplication.objects.get()
    manager = UserFactory(username="manager", manager=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_information(manager, application.document, note="Липсва пълномощно.")
    return application, code


def test_a_refused_additional_document_is_one_event(info_requested, client, caplog):
    application, code = info_requested
    caplog.clear()
    caplog.set_level("INFO", logger="portal.security")
    response = client.post(
        f"/track/{application.public_id}/documents/", {"files": [upload("пълномощно-Иван.pdf", EXE)]}
    )
    assert response.status_code == 200
    [event] = rejected(caplog)
    assert event["reason"] == "type_mismatch"
    assert event["detected"] == "application/x-dosexec"
    assert event["application"] == application.pk
    assert_nothing_personal(caplog, "пълномощно-Иван", code)


def test_additional_documents_have_a_total_size_limit(info_requested, client, caplog, settings):
    application, _code = info_requested
    settings.SERVICES_MAX_TOTAL_BYTES = 400
    caplog.clear()
    caplog.set_level("INFO", logger="portal.security")
    files = [pdf_upload(f"{i}.pdf", b"%PDF-1.4\n" + b"0" * 300) for i in range(2)]
    response = client.post(f"/track/{application.public_id}/documents/", {"files": files})
    assert response.status_code == 200
    assert "Моля, изпратете по-малко или по-малки файлове" in " ".join(response.content.decode().split())
    assert Document.objects.count() == 1  # nothing registered
    [event] = rejected(caplog)
    assert event["reason"] == "total_too_large" and event["count"] == 2 and event["size"] == 618


def big_pdf(name="big.pdf"):
    """Larger than the files' limit of these tests plus the allowance for the form fields (1 MB)."""
    return pdf_upload(name, b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1000))


def test_an_oversized_application_is_refused_by_its_declared_size(service, client, caplog, settings):
    settings.SERVICES_MAX_TOTAL_BYTES = 400
    caplog.set_level("INFO", logger="portal.security")
    response = client.post(URL, {**valid_post(service), FILE_FIELD: big_pdf()})
    assert response.status_code == 413
    assert "Файловете заедно надхвърлят допустимия размер" in " ".join(response.content.decode().split())
    assert not ServiceApplication.objects.exists()
    [event] = rejected(caplog)
    assert event["reason"] == "request_too_large" and event["service"] == service.pk
    assert event["size"] > 1024 * 1024


def test_an_oversized_additional_upload_is_refused_before_it_is_read(
    info_requested, client, caplog, settings
):
    from unittest import mock

    from django.http.multipartparser import MultiPartParser

    application, _code = info_requested
    settings.SERVICES_MAX_TOTAL_BYTES = 400
    caplog.clear()
    caplog.set_level("INFO", logger="portal.security")
    with mock.patch.object(
        MultiPartParser, "parse", autospec=True, side_effect=MultiPartParser.parse
    ) as parse:
        response = client.post(f"/track/{application.public_id}/documents/", {"files": [big_pdf()]})
    assert response.status_code == 413
    assert not parse.called, "the body was parsed (and the files stored) before the refusal"
    html = " ".join(response.content.decode().split())
    assert (
        "Файловете заедно надхвърлят допустимия размер. Моля, изпратете по-малко или по-малки файлове" in html
    )
    assert Document.objects.count() == 1  # nothing registered
    [event] = rejected(caplog)
    assert event["reason"] == "request_too_large"
    assert event["application"] == application.pk
    assert event["size"] > 1024 * 1024
