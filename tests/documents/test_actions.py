"""Actions: the role matrix, the life cycle, and bad input answered with a message and nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import actions, permissions
from documents.actors import PORTAL
from documents.models import Attachment, CaseFile, Correspondent, Document, JournalEntry, Resolution
from tests.documents.factories import DocumentFactory, RegisterFactory, UserFactory

SENDER = [{"name": "Иван Иванов", "city": "Русе"}]
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def no_receipts(settings):
    settings.REGISTRY_AUTO_RECEIPT = False


@pytest.fixture
def doc(incoming):
    return actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане за удостоверение",
        kind="application",
        channel="portal",
        correspondents=SENDER,
    )


def written():
    return (
        Document.objects.count(),
        JournalEntry.objects.count(),
        Attachment.objects.count(),
        Correspondent.objects.count(),
        Resolution.objects.count(),
    )


def test_registrar_registers_with_files_and_the_journal_records_hashes(incoming, registrar):
    pdf = SimpleUploadedFile("молба.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    doc = actions.register_incoming(
        registrar,
        register=incoming,
        subject="Молба",
        kind="letter",
        channel="desk",
        correspondents=SENDER,
        files=[pdf],
        sender_reference="12-00-5",
        deadline=TOMORROW,
    )
    att = doc.attachments.get()
    assert (att.original_name, att.content_type, att.size) == ("молба.pdf", "application/pdf", pdf.size)
    assert doc.registered_by == registrar and doc.correspondent_names == "Иван Иванов, Русе"
    entry = JournalEntry.objects.get(document=doc)
    assert entry.after["attachments"] == [{"name": "молба.pdf", "sha256": att.sha256}]
    assert att.file.read().startswith(b"%PDF")
    with pytest.raises(NotImplementedError):
        att.file.url  # noqa: B018 - private files have no public URL


@pytest.mark.parametrize("who", ["clerk", "editor", "other_registrar"])
def test_only_registrars_of_the_register_register_incoming(incoming, clerk, editor, who):
    actor = {"clerk": clerk, "editor": editor, "other_registrar": None}[who]
    if actor is None:
        actor = UserFactory(registrar=True)
        actor.groups.clear()
        actor.user_permissions.add(*incoming.groups.get().permissions.all())  # the role, not the register
    before = written()
    with pytest.raises(PermissionDenied):
        actions.register_incoming(
            actor, register=incoming, subject="x", kind="letter", channel="desk", correspondents=SENDER
        )
    assert written() == before


def test_bad_registration_input_names_every_field_and_writes_nothing(incoming, registrar):
    before = written()
    with pytest.raises(ValidationError) as exc:
        actions.register_incoming(
            registrar,
            register=incoming,
            subject="  ",
            kind="poem",
            channel="pigeon",
            correspondents=[{"name": "", "city": "Русе", "eik": "123"}],
            deadline=YESTERDAY,
            files=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert set(exc.value.message_dict) == {
        "subject",
        "kind",
        "channel",
        "deadline",
        "correspondents",
        "files",
    }
    assert written() == before


def test_egn_only_in_registers_that_need_it(incoming, registrar, db):
    person = {"name": "Иван Иванов", "city": "Русе", "egn": "7501020018"}
    with pytest.raises(ValidationError, match="ЕГН"):
        actions.register_incoming(
            registrar, register=incoming, subject="x", kind="letter", channel="desk", correspondents=[person]
        )
    online = RegisterFactory(index="ОА-04", with_egn=True)
    doc = actions.register_incoming(
        PORTAL, register=online, subject="x", kind="application", channel="portal", correspondents=[person]
    )
    corr = doc.correspondents.get()
    assert corr.egn == "7501020018" and corr.masked_egn == "*********8"
    assert "7501020018" not in doc.correspondent_names and "7501020018" not in str(corr)


def test_the_whole_life_cycle(doc, outgoing, manager, clerk, department):
    actions.assign(manager, doc, assignee=clerk, department=department, deadline=TOMORROW)
    assert (doc.status, doc.assignee, doc.deadline) == ("assigned", clerk, TOMORROW)
    res = actions.resolve(manager, doc, text="За отговор", assignees=[clerk], deadline=TOMORROW)
    actions.start(clerk, doc)
    actions.request_information(clerk, doc, note="Липсва пълномощно")
    assert doc.status == "info_requested"
    actions.resume(clerk, doc, note="Пълномощното е получено")
    actions.complete_resolution(clerk, res)
    assert res.status == "done"
    answer = actions.answer(clerk, doc, register=outgoing, channel="post", note="Уважаеми г-н Иванов, ...")
    doc.refresh_from_db()
    assert doc.status == "answered" and answer.in_reply_to == doc
    assert answer.case_file == doc.case_file == CaseFile.objects.get(number=doc.formatted_number)
    assert list(answer.correspondents.all()) == list(doc.correspondents.all())
    actions.close(clerk, doc)
    assert doc.status == "closed" and doc.closed_at
    actions.reopen(manager, doc, reason="Нова информация")
    assert doc.status == "in_progress" and doc.closed_at is None


def test_resolution_done_late_after_its_deadline(doc, manager, clerk):
    res = actions.resolve(manager, doc, text="За отговор", assignees=[clerk], deadline=TOMORROW)
    Resolution.objects.filter(pk=res.pk).update(deadline=YESTERDAY)
    res.refresh_from_db()
    assert actions.complete_resolution(clerk, res).status == "done_late"
    with pytest.raises(ValidationError):
        actions.complete_resolution(clerk, res)


def test_a_resolution_routes_a_registered_document(doc, manager, clerk):
    actions.resolve(manager, doc, text="За отговор", assignees=[clerk])
    assert (doc.status, doc.assignee) == ("assigned", clerk)


def test_clerks_see_and_work_only_on_their_documents(doc, manager, clerk, other_clerk, registrar, editor):
    actions.assign(manager, doc, assignee=clerk)
    assert permissions.can(clerk, "close", doc) and not permissions.can(other_clerk, "close", doc)
    assert list(permissions.visible_documents(clerk)) == [doc]
    assert list(permissions.visible_documents(other_clerk)) == []
    assert list(permissions.visible_documents(editor)) == []
    assert list(permissions.visible_documents(registrar)) == [doc]
    with pytest.raises(PermissionDenied):
        actions.close(other_clerk, doc)
    with pytest.raises(PermissionDenied):
        actions.assign(clerk, doc, assignee=other_clerk)
    with pytest.raises(PermissionDenied):
        actions.cancel(clerk, doc, reason="x")


def test_department_and_resolution_give_clerks_access(doc, manager, clerk, other_clerk, department):
    actions.assign(manager, doc, department=department)
    assert permissions.can(clerk, "answer", doc) and not permissions.can(other_clerk, "answer", doc)
    actions.resolve(manager, doc, text="Съдействие", assignees=[other_clerk])
    assert permissions.can(other_clerk, "answer", doc)
    assert list(permissions.visible_documents(other_clerk)) == [doc]


def test_allowed_actions_combine_role_and_state(doc, manager, clerk, registrar, editor):
    assert permissions.allowed_actions(editor, doc) == set()
    assert permissions.allowed_actions(registrar, doc) == {
        "set_deadline",
        "cancel",
        "withdraw",
        "attach",
        "link",
        "add_to_case_file",
        "open_case_file",
    }
    actions.assign(manager, doc, assignee=clerk)
    assert {"start", "answer", "close", "resolve"} <= permissions.allowed_actions(clerk, doc)
    assert "reopen" not in permissions.allowed_actions(manager, doc)


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda d, m, c: actions.assign(m, d), "assignee"),
        (lambda d, m, c: actions.assign(m, d, assignee=c, deadline=YESTERDAY), "deadline"),
        (lambda d, m, c: actions.set_deadline(m, d, YESTERDAY), "deadline"),
        (lambda d, m, c: actions.resolve(m, d, text="", assignees=[]), "text"),
        (lambda d, m, c: actions.request_information(m, d, note=" "), "note"),
        (lambda d, m, c: actions.cancel(m, d, reason=""), "reason"),
        (lambda d, m, c: actions.assign(m, d, assignee=UserFactory()), "assignee"),
    ],
)
def test_bad_input_to_actions(doc, manager, clerk, call, field):
    before = written()
    with pytest.raises(ValidationError) as exc:
        call(doc, manager, clerk)
    assert field in exc.value.message_dict
    assert written() == before
    doc.refresh_from_db()
    assert doc.status == "registered"


def test_steps_the_state_does_not_allow(doc, manager, clerk, outgoing):
    with pytest.raises(ValidationError, match="не е възможна"):
        actions.reopen(manager, doc, reason="x")
    with pytest.raises(ValidationError, match="не е възможна"):
        actions.resume(manager, doc)
    actions.cancel(manager, doc, reason="Грешно регистриран")
    assert doc.is_cancelled and doc.number == 1
    for step in (
        lambda: actions.close(manager, doc),
        lambda: actions.assign(manager, doc, assignee=clerk),
        lambda: actions.answer(manager, doc, register=outgoing, channel="post"),
    ):
        with pytest.raises(ValidationError, match="анулиран"):
            step()


def test_withdrawn_by_the_sender(doc, registrar):
    actions.withdraw(registrar, doc, reason="Оттеглено със заявление")
    assert doc.status == "withdrawn"


def test_outgoing_documents_cannot_be_answered(outgoing, registrar, manager):
    out = actions.register_outgoing(
        registrar,
        register=outgoing,
        subject="Покана",
        kind="invitation",
        channel="email",
        correspondents=SENDER,
    )
    assert not permissions.allowed_actions(manager, out) & {"answer"}
    with pytest.raises(ValidationError):
        actions.answer(manager, out, register=outgoing, channel="post")


def test_attach_files_and_link_documents(doc, registrar, manager):
    txt = SimpleUploadedFile("бележка.txt", "Допълнение".encode())
    [att] = actions.attach_files(registrar, doc, [txt])
    assert att.content_type == "text/plain"
    other = DocumentFactory(register=doc.register, number=99)
    actions.link_related(manager, doc, other)
    assert list(other.related.all()) == [doc]


def test_signals_are_sent_after_commit_with_ids(doc, manager, clerk, django_capture_on_commit_callbacks):
    from documents import signals

    seen = []

    def receiver(sender, signal, **kwargs):
        seen.append(kwargs)

    signals.document_status_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            actions.assign(manager, doc, assignee=clerk)
        assert seen == []
        for callback in callbacks:
            callback()
    finally:
        signals.document_status_changed.disconnect(receiver)
    assert seen == [
        {
            "document_id": doc.pk,
            "old_status": "registered",
            "new_status": "assigned",
            "action": "assign",
            "actor": "manager",
        }
    ]


def test_a_failed_registration_leaves_no_file_behind(incoming, registrar, private_media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("documents.actions.journal.record", broken)
    before = written()
    with pytest.raises(RuntimeError):
        actions.register_incoming(
            registrar,
            register=incoming,
            subject="Молба",
            kind="letter",
            channel="desk",
            correspondents=SENDER,
            files=[SimpleUploadedFile("a.txt", b"text")],
        )
    assert written() == before
    assert [p for p in private_media.rglob("*") if p.is_file()] == []
