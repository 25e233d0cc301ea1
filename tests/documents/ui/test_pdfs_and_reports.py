"""PDF links (receipt, letter, register journal), the journal as CSV, statistics as SVG + table + CSV.

PDFs are read back with pdftotext: the Cyrillic text comes back exactly.
"""

import csv
import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import actions, tasks
from documents.models import GeneratedFile
from tests.documents.ui.conftest import register_incoming, written


def pdftotext(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


def pdfinfo(data: bytes) -> str:
    return subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class NotReady:
    """What ``delay()`` returns while a worker has not finished yet."""

    id = "5f1c7a58-0000-4000-8000-000000000001"

    def ready(self):
        return False

    def successful(self):
        return False


def test_the_receipt_is_rendered_on_demand_once(client, registrar, assigned_doc):
    client.force_login(registrar)
    url = reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "receipt"])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = pdftotext(body(first))
    assert (
        assigned_doc.formatted_number in text and "Искане за удостоверение" in text and "Иван Петров" in text
    )
    assert client.get(url).status_code == 200
    assert GeneratedFile.objects.filter(document=assigned_doc).count() == 1  # idempotent: stored once
    assert (
        client.get(reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "letter"])).status_code
        == 404
    )


def test_while_the_worker_renders_the_page_says_being_prepared(client, registrar, assigned_doc, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.render_receipt, "delay", lambda pk: queued.append(pk) or NotReady())
    client.force_login(registrar)
    url = reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "receipt"])
    response = client.get(url)
    assert response.status_code == 202
    assert "The file is being prepared" in response.content.decode()
    assert client.get(url).status_code == 202
    assert queued == [assigned_doc.pk]  # reloading does not pile up tasks
    assert (
        "being prepared"
        in client.get(reverse("documents_admin:document", args=[assigned_doc.pk])).content.decode()
    )


def test_the_outgoing_letter(client, clerk, assigned_doc, outgoing):
    answer = actions.answer(
        clerk, assigned_doc, register=outgoing, channel="post", subject="Отговор по искането"
    )
    client.force_login(clerk)
    response = client.get(reverse("documents_admin:document_pdf", args=[answer.pk, "letter"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdftotext(body(response))
    assert answer.formatted_number in text and "Отговор по искането" in text


def journal_url(register, start, end, fmt):
    return (
        reverse("documents_admin:journal")
        + f"?register={register.pk}&date_from={start.isoformat()}&date_to={end.isoformat()}&format={fmt}"
    )


def test_the_register_journal_as_pdf_in_a4_landscape(client, registrar, incoming):
    docs = [register_incoming(incoming, subject=f"Заявление № {i} за справка") for i in range(3)]
    today = timezone.localdate()
    client.force_login(registrar)
    response = client.get(journal_url(incoming, today, today, "pdf"))
    assert response.status_code == 302
    generated = GeneratedFile.objects.get(kind="journal_pdf")
    assert response["Location"] == reverse("documents_admin:generated_file", args=[generated.pk])
    download = client.get(response["Location"])
    data = body(download)
    text = pdftotext(data)
    for doc in docs:
        assert doc.formatted_number in text and doc.subject in text
    size = next(line for line in pdfinfo(data).splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape


def test_the_register_journal_as_csv(client, manager, incoming):
    doc = register_incoming(incoming, subject="Жалба, с „кавички“ и запетая")
    today = timezone.localdate()
    client.force_login(manager)
    response = client.get(journal_url(incoming, today, today, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Рег. №" and rows[1][0] == doc.formatted_number and rows[1][5] == doc.subject


def test_the_journal_form_explains_bad_input(client, registrar, incoming):
    from tests.documents.factories import RegisterFactory

    foreign = RegisterFactory(index="ОА-08", uri_index=8, name="Чужд", group_names=[])
    today = timezone.localdate()
    client.force_login(registrar)
    before = written()
    response = client.get(journal_url(incoming, today, today - datetime.timedelta(days=1), "pdf"))
    assert (
        response.status_code == 200
        and "The last day must not be before the first day." in response.content.decode()
    )
    response = client.get(journal_url(foreign, today, today, "csv"))  # not their register: not a choice
    assert response.status_code == 200 and 'id="id_register-error"' in response.content.decode()
    assert written() == before


def test_a_journal_still_rendering_sends_to_a_waiting_page(client, registrar, incoming, monkeypatch):
    monkeypatch.setattr(tasks.render_register_journal, "delay", lambda *args: NotReady())
    today = timezone.localdate()
    client.force_login(registrar)
    response = client.get(journal_url(incoming, today, today, "pdf"))
    assert response.status_code == 302
    assert response["Location"] == reverse("documents_admin:task", args=[NotReady.id])


@pytest.fixture
def activity(incoming, manager, clerk):
    """Three documents this month: one closed, one overdue, one open."""
    closed = register_incoming(incoming, subject="Приключено")
    actions.assign(manager, closed, assignee=clerk)
    actions.close(clerk, closed)
    late = register_incoming(incoming, subject="Просрочено")
    from documents.models import Document

    Document.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    register_incoming(incoming, subject="Отворено")
    return incoming


def test_statistics_chart_table_and_csv(client, manager, activity):
    today = timezone.localdate()
    query = f"date_from={today.replace(day=1).isoformat()}&date_to={today.isoformat()}"
    client.force_login(manager)
    html = client.get(reverse("documents_admin:statistics") + "?" + query).content.decode()
    assert '<svg class="registry-chart__svg"' in html and 'role="img"' in html and "<title" in html
    table = html[html.index('<table class="listing registry-stats__table"') :]
    cells = [
        c.strip() for c in table.split("<tbody>")[1].split("</tr>")[0].replace("<td>", "|").split("|")[1:]
    ]
    assert [c.split("<")[0] for c in cells[:3]] == ["3", "1", "1"]  # received, closed, overdue
    assert f"{activity.index}" in html
    response = client.get(reverse("documents_admin:statistics_csv") + "?" + query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:5] == [activity.index, f"{today:%m.%Y}", "3", "1", "1"]


def test_statistics_bad_period_and_empty_period(client, manager, activity):
    client.force_login(manager)
    html = client.get(
        reverse("documents_admin:statistics") + "?date_from=2026-05-01&date_to=2026-01-01"
    ).content
    assert b"The last day must not be before the first day." in html
    html = client.get(
        reverse("documents_admin:statistics") + "?date_from=2001-01-01&date_to=2001-02-01"
    ).content
    assert b"No documents in this period." in html and b"registry-chart__svg" not in html
    assert client.get(reverse("documents_admin:statistics_csv") + "?date_from=x").status_code == 400
