"""PDFs read back with pdftotext: the Cyrillic text comes back exactly; the renderer fetches nothing else."""

import datetime
import hashlib
import subprocess

import pytest
from freezegun import freeze_time

from documents import actions, tasks
from documents.models import GeneratedFile
from documents.pdf import render_pdf
from tests.documents.samples import PDF, upload

SENDER = {
    "kind": "organisation",
    "name": "Сдружение „Русе — град на свободния дух“",
    "city": "Русе",
    "address": "ул. „Николаевска“ 5",
}
SUBJECT = "Искане за достъп до обществена информация относно обществените поръчки през 2026 г."


def pdftotext(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def no_auto_receipt(settings):
    settings.REGISTRY_AUTO_RECEIPT = False


@pytest.fixture
def doc(incoming, registrar):
    registrar.first_name, registrar.last_name = "Гергана", "Стоянова"
    registrar.save()
    with freeze_time("2026-11-29 09:41:00+02:00"):
        return actions.register_incoming(
            registrar,
            register=incoming,
            subject=SUBJECT,
            kind="application",
            channel="email",
            correspondents=[SENDER],
            files=[upload("заявление-ЗДОИ.pdf", PDF)],
        )


def read(generated_id: int) -> tuple[GeneratedFile, bytes]:
    gen = GeneratedFile.objects.get(pk=generated_id)
    data = gen.file.read()
    assert hashlib.sha256(data).hexdigest() == gen.sha256 and len(data) == gen.size
    return gen, data


def test_receipt(doc):
    gen, data = read(tasks.render_receipt(doc.pk))
    text = flat(pdftotext(data))
    sha = doc.attachments.get().sha256
    for expected in [
        "Областна администрация Русе",
        "Потвърждение за регистриране",
        "ОА-01-1/29.11.2026",
        "29.11.2026 09:41",
        "Сдружение „Русе — град на свободния дух“, Русе",
        SUBJECT,
        "заявление-ЗДОИ.pdf",
        "Гергана Стоянова",
        "по електронна поща",
    ]:
        assert expected in text, expected
    assert sha in text  # on one line
    assert gen.kind == "receipt" and gen.document == doc


def test_tasks_are_idempotent(doc):
    first = tasks.render_receipt(doc.pk)
    assert tasks.render_receipt(doc.pk) == first
    assert GeneratedFile.objects.filter(document=doc).count() == 1


def test_outgoing_letter_on_letterhead(doc, outgoing, manager):
    with freeze_time("2026-12-02 11:00:00+02:00"):
        answer = actions.answer(
            manager,
            doc,
            register=outgoing,
            channel="post",
            note="Уважаеми дами и господа,\nПредоставяме ви исканата информация.",
        )
    _, data = read(tasks.render_letter(answer.pk))
    text = flat(pdftotext(data))
    for expected in [
        "РЕПУБЛИКА БЪЛГАРИЯ",
        "Областна администрация Русе",
        "Изх. № ОА-02-1/02.12.2026",
        "До Сдружение „Русе — град на свободния дух“",
        "ул. „Николаевска“ 5",
        "Относно: Отговор на ОА-01-1/29.11.2026",
        "Предоставяме ви исканата информация.",
        "ОБЛАСТЕН УПРАВИТЕЛ",
        "В отговор на ваш документ, регистриран под № ОА-01-1/29.11.2026.",
    ]:
        assert expected in text, expected


def test_register_journal_landscape_with_cancelled_marked(doc, incoming, registrar):
    with freeze_time("2026-11-30 10:00:00+02:00"):
        second = actions.register_incoming(
            registrar,
            register=incoming,
            subject="Покана за среща",
            kind="invitation",
            channel="post",
            correspondents=[SENDER],
        )
        actions.cancel(registrar, second, reason="Дублиран")
    _, data = read(tasks.render_register_journal(incoming.pk, "2026-11-01", "2026-11-30"))
    text = pdftotext(data, layout=True)
    assert "Деловоден дневник ОА-01" in text
    assert "ОА-01-1/29.11.2026" in text and "ОА-01-2/30.11.2026" in text
    assert "анулиран: Дублиран" in flat(pdftotext(data))
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "841.89 x 595.276" in info or "842 x 595" in info  # A4 landscape


def test_journal_is_stored_again_only_when_the_documents_change(doc, incoming, registrar):
    day = doc.registered_on.isoformat()
    first = tasks.render_register_journal(incoming.pk, day, day)
    assert tasks.render_register_journal(incoming.pk, day, day) == first
    actions.cancel(registrar, doc, reason="Грешка")
    assert tasks.render_register_journal(incoming.pk, day, day) != first


def test_journal_csv(doc, incoming):
    gen, data = read(tasks.export_journal_csv(incoming.pk, "2026-11-29", "2026-11-29"))
    text = data.decode("utf-8-sig").splitlines()
    assert text[0].startswith("Рег. №,Дата и час,Вид")
    assert text[1].startswith("ОА-01-1/29.11.2026,29.11.2026 09:41,заявление,по електронна поща")
    assert gen.content_type.startswith("text/csv")


def test_the_renderer_reaches_only_static_files(tmp_path, settings, caplog):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f'<link rel="stylesheet" href="file://{secret}"><img src="http://example.com/x.png"><p>Текст</p>'
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "probe.html").write_text(html)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    data = render_pdf("pdf/probe.html", {})
    assert "Текст" in pdftotext(data)
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("file://" in m for m in refused) and any("example.com" in m for m in refused)


def test_receipt_date_is_local_time(doc):
    assert doc.registered_at.astimezone(datetime.UTC).hour == 7  # 09:41 in Sofia is 07:41 UTC
