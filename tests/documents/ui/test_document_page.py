"""The document page: everything about the document, its timeline, and exactly the actions the user may take,
each done through HTTP by calling the action (and refused with a message, nothing written)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import actions, permissions
from documents.models import Document, JournalEntry, Resolution
from tests.documents.factories import DepartmentFactory
from tests.documents.ui.conftest import PDF, TOMORROW, register_incoming, written


def page(client, doc):
    response = client.get(reverse("documents_admin:document", args=[doc.pk]))
    assert response.status_code == 200
    return response.content.decode()


def act(client, doc, action, data=None):
    return client.post(reverse("documents_admin:document_action", args=[doc.pk, action]), data or {})


def offered(html) -> set[str]:
    return set(re.findall(r'id="action-([a-z_]+)"', html))


def test_the_page_shows_the_document_its_files_links_and_timeline(client, clerk, manager, assigned_doc):
    actions.resolve(manager, assigned_doc, text="За отговор в срок", assignees=[clerk], deadline=TOMORROW)
    client.force_login(clerk)
    html = page(client, assigned_doc)
    att = assigned_doc.attachments.get()
    for text in (
        assigned_doc.formatted_number,
        "Искане за удостоверение",
        "Иван Петров",
        "Калина Служител",
        "молба.pdf",
        att.sha256,
        reverse("documents_admin:attachment", args=[att.pk]),
        reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "receipt"]),
        "За отговор в срок",
        reverse("documents_admin:answer", args=[assigned_doc.pk]),
    ):
        assert text in html, text
    timeline = html[html.index('id="doc-timeline"') :]
    assert (
        "Registered as incoming" in timeline and "Assigned" in timeline and "Resolution written" in timeline
    )
    assert "registered → assigned" in timeline  # the status change, in words
    assert "Калина Служител" in timeline


@pytest.mark.parametrize("role", ["registrar", "clerk", "manager"])
def test_exactly_the_allowed_actions_are_offered(client, request, assigned_doc, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    html = page(client, assigned_doc)
    allowed = permissions.allowed_actions(user, assigned_doc)
    assert offered(html) == allowed - {"answer"}
    assert (reverse("documents_admin:answer", args=[assigned_doc.pk]) in html) == ("answer" in allowed)
    assert offered(html)  # every role here may do something with it


def test_a_closed_document_offers_reopen_to_the_manager_only(client, manager, clerk, assigned_doc):
    actions.close(clerk, assigned_doc)
    client.force_login(clerk)
    assert offered(page(client, assigned_doc)) == permissions.allowed_actions(clerk, assigned_doc)
    assert "reopen" not in offered(page(client, assigned_doc))
    client.force_login(manager)
    assert "reopen" in offered(page(client, assigned_doc))


def test_the_life_of_a_document_through_the_forms(client, registrar, clerk, other_clerk, manager, incoming):
    dep = DepartmentFactory(name="Дирекция АКРРДС")
    doc = register_incoming(incoming)
    client.force_login(manager)
    response = act(
        client,
        doc,
        "assign",
        {
            "assign-assignee": clerk.pk,
            "assign-department": dep.pk,
            "assign-deadline": TOMORROW.isoformat(),
        },
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.assignee, doc.department, doc.deadline, doc.status) == (clerk, dep, TOMORROW, "assigned")

    client.force_login(clerk)
    assert act(client, doc, "start").status_code == 302
    response = act(
        client,
        doc,
        "resolve",
        {
            "resolve-kind": "execution",
            "resolve-text": "Да се изготви справка",
            "resolve-assignees": [other_clerk.pk],
            "resolve-controller": clerk.pk,
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get(document=doc)
    assert list(resolution.assignees.all()) == [other_clerk] and resolution.controller == clerk
    assert (
        act(client, doc, "request_information", {"request_information-note": "Липсва скица"}).status_code
        == 302
    )
    doc.refresh_from_db()
    assert doc.status == "info_requested"
    assert act(client, doc, "resume", {"resume-note": "Скицата е получена"}).status_code == 302
    assert (
        act(client, doc, "attach", {"attach-files": [SimpleUploadedFile("скица.pdf", PDF)]}).status_code
        == 302
    )
    assert doc.attachments.get().original_name == "скица.pdf"

    client.force_login(other_clerk)  # the resolution makes the document theirs to see
    response = client.post(
        reverse("documents_admin:resolution_action", args=[resolution.pk, "complete"]),
        {f"res{resolution.pk}-note": "Справката е готова"},
    )
    assert response.status_code == 302
    # The document was theirs through the open resolution only: back to their tasks, not to a 404.
    assert response["Location"] == reverse("documents_admin:my_tasks")
    resolution.refresh_from_db()
    assert resolution.status == "done" and resolution.note == "Справката е готова"

    client.force_login(registrar)
    later = timezone.localdate() + datetime.timedelta(days=20)
    assert (
        act(
            client,
            doc,
            "set_deadline",
            {"set_deadline-deadline": later.isoformat(), "set_deadline-reason": "Удължен"},
        ).status_code
        == 302
    )
    client.force_login(clerk)
    assert act(client, doc, "close", {"close-note": "Приключено"}).status_code == 302
    client.force_login(manager)
    assert act(client, doc, "reopen", {"reopen-reason": "Нови обстоятелства"}).status_code == 302
    client.force_login(registrar)
    assert act(client, doc, "cancel", {"cancel-reason": "Грешно заведен"}).status_code == 302
    doc.refresh_from_db()
    assert doc.deadline == later and doc.status == "in_progress" and doc.is_cancelled
    assert doc.cancel_reason == "Грешно заведен"
    recorded = list(JournalEntry.objects.filter(document=doc).values_list("action", flat=True))
    for action in (
        "assign",
        "start",
        "resolve",
        "request_information",
        "resume",
        "attach",
        "complete_resolution",
        "set_deadline",
        "close",
        "reopen",
        "cancel",
    ):
        assert action in recorded
    html = page(client, doc)
    assert "This registration is cancelled: Грешно заведен" in html
    assert offered(html) == {"link"}


def test_linking_a_related_document_by_its_number(client, registrar, incoming):
    a, b = register_incoming(incoming), register_incoming(incoming, subject="Друго")
    client.force_login(registrar)
    assert act(client, a, "link", {"link-number": b.formatted_number}).status_code == 302
    assert list(a.related.all()) == [b]
    assert b.formatted_number in page(client, a) and a.formatted_number in page(client, b)
    before = written()
    response = act(client, a, "link", {"link-number": "ОА-01-999/01.01.2020"})
    assert response.status_code == 200 and written() == before
    assert "No document with this number that you may see." in response.content.decode()


def test_answering_creates_a_linked_outgoing_document(client, clerk, assigned_doc, outgoing):
    client.force_login(clerk)
    url = reverse("documents_admin:answer", args=[assigned_doc.pk])
    html = client.get(url).content.decode()
    assert "Иван Петров" in html  # the default recipient: the sender
    response = client.post(
        url,
        {
            "register": outgoing.pk,
            "kind": "letter",
            "channel": "email",
            "subject": "",
            "note": "",
            "files": [SimpleUploadedFile("отговор.pdf", PDF)],
            "close_incoming": "on",
        },
    )
    assert response.status_code == 302
    answer = Document.objects.get(in_reply_to=assigned_doc)
    assert response["Location"] == reverse("documents_admin:document", args=[answer.pk])
    assigned_doc.refresh_from_db()
    assert assigned_doc.status == "closed" and answer.case_file == assigned_doc.case_file is not None
    assert answer.correspondent_names == "Иван Петров, Русе"
    assert answer.subject.startswith(f"Answer to {assigned_doc.formatted_number}")
    assert answer.attachments.get().original_name == "отговор.pdf"
    answer_page = page(client, answer)  # the clerk sees the answer they registered
    assert assigned_doc.formatted_number in answer_page
    assert reverse("documents_admin:document_pdf", args=[answer.pk, "letter"]) in answer_page
    assert answer.formatted_number in page(client, assigned_doc)


def test_an_answer_with_a_lying_file_writes_nothing(client, clerk, assigned_doc, outgoing, private_media):
    client.force_login(clerk)
    before = written()
    response = client.post(
        reverse("documents_admin:answer", args=[assigned_doc.pk]),
        {
            "register": outgoing.pk,
            "kind": "letter",
            "channel": "email",
            "files": [SimpleUploadedFile("отговор.pdf", b"MZ\x90\x00" + b"\0" * 100)],
        },
    )
    assert response.status_code == 200 and written() == before
    assert "does not match its extension" in response.content.decode()
    assigned_doc.refresh_from_db()
    assert assigned_doc.status == "assigned" and assigned_doc.case_file is None


@pytest.mark.parametrize(
    "role, action, data",
    [
        ("clerk", "assign", {"assign-department": ""}),
        ("clerk", "cancel", {"cancel-reason": "Защото"}),
        ("clerk", "reopen", {"reopen-reason": "Защото"}),
        ("registrar", "close", {}),
        ("registrar", "resolve", {"resolve-text": "x"}),
    ],
)
def test_an_action_the_user_may_not_take_is_refused_with_a_message(
    client, request, assigned_doc, role, action, data
):
    client.force_login(request.getfixturevalue(role))
    before = written()
    response = act(client, assigned_doc, action, data)
    assert response.status_code == 403
    assert "You may not do this with document" in response.content.decode()
    assert written() == before


def test_answer_page_refuses_the_registrar(client, registrar, assigned_doc, outgoing):
    client.force_login(registrar)
    before = written()
    response = client.post(
        reverse("documents_admin:answer", args=[assigned_doc.pk]),
        {"register": outgoing.pk, "kind": "letter", "channel": "post"},
    )
    assert response.status_code == 403 and written() == before


@pytest.mark.parametrize(
    "action, data, field, message",
    [
        (
            "set_deadline",
            {"set_deadline-deadline": "2020-01-01"},
            "set_deadline-deadline",
            "The deadline cannot be in the past.",
        ),
        ("set_deadline", {}, "set_deadline-deadline", "Enter the deadline."),
        ("cancel", {"cancel-reason": ""}, "cancel-reason", "Enter the reason."),
        ("assign", {"assign-deadline": "2020-01-01"}, "assign-assignee", "Choose a clerk or a department."),
        ("resolve", {"resolve-text": ""}, "resolve-text", "Enter the text of the resolution."),
        ("attach", {}, "attach-files", "Choose at least one file."),
    ],
)
def test_bad_input_on_an_action_is_explained_and_nothing_written(
    client, manager, assigned_doc, action, data, field, message
):
    client.force_login(manager)
    before = written()
    response = act(client, assigned_doc, action, data)
    html = response.content.decode()
    assert response.status_code == 200 and written() == before
    assert message in html
    assert f'href="#id_{field}"' in html and f'id="id_{field}-error"' in html
    assert f'<details class="registry-action" id="action-{action}" open>' in html  # the form stays open


def test_a_step_the_state_does_not_allow_is_explained(client, manager, clerk, assigned_doc):
    actions.close(clerk, assigned_doc)
    client.force_login(manager)
    before = written()
    response = act(client, assigned_doc, "close", {"close-note": "again"})
    assert response.status_code == 200 and written() == before
    assert "this step is not possible now" in response.content.decode()


def test_a_resolution_of_someone_else_cannot_be_completed(client, manager, clerk, other_clerk, assigned_doc):
    resolution = actions.resolve(manager, assigned_doc, text="Проверка", assignees=[clerk])
    client.force_login(other_clerk)
    before = written()
    url = reverse("documents_admin:resolution_action", args=[resolution.pk, "complete"])
    assert client.post(url, {}).status_code == 404  # they do not see the document
    client.force_login(manager)
    unknown = reverse("documents_admin:resolution_action", args=[resolution.pk, "delete"])
    assert client.post(unknown, {}).status_code == 404
    client.force_login(other_clerk)
    assert written() == before
    assigned_doc.department = DepartmentFactory(name="Отдел")
    assigned_doc.department.members.add(other_clerk)
    Document.objects.filter(pk=assigned_doc.pk).update(department=assigned_doc.department)
    response = client.post(url, {})  # now they see it, but it is not theirs to complete
    assert response.status_code == 403 and written() == before
    assert "You may not change this resolution." in response.content.decode()


@pytest.mark.parametrize("role", ["clerk", "manager"])
def test_the_page_costs_the_same_whatever_the_history(
    client, request, manager, clerk, other_clerk, assigned_doc, role
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            page(client, assigned_doc)
        return len(ctx)

    client.force_login(request.getfixturevalue(role))
    actions.resolve(manager, assigned_doc, text="Първа", assignees=[clerk])  # one of each kind to start with
    page(client, assigned_doc)  # first visit fills caches
    before = queries()
    for i in range(6):
        res = actions.resolve(manager, assigned_doc, text=f"Задача {i}", assignees=[clerk, other_clerk])
        actions.complete_resolution(clerk, res, note="Готово")
        actions.attach_files(manager, assigned_doc, [SimpleUploadedFile(f"файл-{i}.pdf", PDF)])
        actions.set_deadline(manager, assigned_doc, TOMORROW + datetime.timedelta(days=i))
    assert queries() == before
