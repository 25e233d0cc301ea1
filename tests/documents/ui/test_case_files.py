"""Case files (преписки) through the admin: an internal note registered into a case file, a document added to
one, the case file closed (only when no incoming request in it still waits), archived and reopened — each
offered only to who may do it, refused with a message (or 403) and nothing written otherwise."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import actions
from documents.models import CaseFile, Document, JournalEntry
from tests.documents.factories import RegisterFactory
from tests.documents.ui.conftest import register_incoming, written

OUTGOING = reverse("documents_admin:register_outgoing")


@pytest.fixture
def internal(db):
    return RegisterFactory(index="ВД-01", uri_index=3, name="Вътрешни документи", internal=True)


@pytest.fixture
def matter(assigned_doc, clerk, outgoing):
    """An incoming request answered by ``clerk``: one case file with the request and the answer."""
    answer = actions.answer(clerk, assigned_doc, register=outgoing, channel="post")
    assigned_doc.refresh_from_db()
    return assigned_doc.case_file, assigned_doc, answer


@pytest.fixture
def second_request(incoming, manager, clerk):
    doc = register_incoming(incoming, subject="Допълнение към искането")
    actions.assign(manager, doc, assignee=clerk)
    return doc


def page(client, doc):
    response = client.get(reverse("documents_admin:document", args=[doc.pk]))
    assert response.status_code == 200
    return response.content.decode()


def case_offered(html) -> set[str]:
    return set(re.findall(r'id="case-action-([a-z_]+)"', html))


def case_step(client, doc, action, data=None):
    return client.post(reverse("documents_admin:case_file_action", args=[doc.pk, action]), data or {})


def note_data(register, case_file, subject="Докладна записка по преписката"):
    return {
        "register": register.pk,
        "kind": "memo",
        "channel": "internal",
        "subject": subject,
        "sheets": "",
        "department": "",
        "case_file": case_file.pk if case_file else "",
        "note": "",
        **{f"recipient-{i}-{f}": "" for i in range(3) for f in ("kind", "name", "city", "address", "eik")},
    }


def test_an_internal_note_is_registered_into_a_case_file_and_shown_with_it(client, clerk, internal, matter):
    case_file, request_doc, answer = matter
    client.force_login(clerk)
    form = client.get(OUTGOING).content.decode()
    assert f'value="{case_file.pk}"' in form and case_file.number in form

    response = client.post(OUTGOING, note_data(internal, case_file))
    assert response.status_code == 302, response.content.decode()[:2000]
    note = Document.objects.get(register=internal)
    assert note.case_file == case_file
    entry = JournalEntry.objects.get(action="register_outgoing", document=note)
    assert entry.after["case_file_id"] == case_file.pk

    html = page(client, note)
    section = html[html.index('id="doc-case-file"') :]
    assert case_file.number in section and 'id="case-file-status">open<' in section
    for doc in (request_doc, answer, note):
        assert doc.formatted_number in section
    assert reverse("documents_admin:document", args=[request_doc.pk]) in section


def test_the_case_file_field_offers_and_accepts_only_case_files_the_user_sees(
    client, other_clerk, internal, matter
):
    case_file = matter[0]
    client.force_login(other_clerk)
    form = client.get(OUTGOING).content.decode()
    assert case_file.number not in form
    before = written()
    response = client.post(OUTGOING, note_data(internal, case_file))
    assert response.status_code == 200
    assert "Choose a case file you may see." in response.content.decode()
    assert written() == before


def test_a_document_is_added_and_the_case_file_closes_only_when_no_request_waits(
    client, clerk, registrar, manager, matter, second_request
):
    case_file, request_doc, _answer = matter
    client.force_login(clerk)
    assert "add_to_case_file" in set(re.findall(r'id="action-([a-z_]+)"', page(client, second_request)))
    response = client.post(
        reverse("documents_admin:document_action", args=[second_request.pk, "add_to_case_file"]),
        {"add_to_case_file-case_file": case_file.pk},
    )
    assert response.status_code == 302
    second_request.refresh_from_db()
    assert second_request.case_file == case_file
    html = page(client, second_request)
    assert 'id="action-add_to_case_file"' not in html  # one case file per document
    timeline = html[html.index('id="doc-timeline"') :]
    assert "Added to a case file" in timeline and case_file.number in timeline
    assert case_offered(html) == {"close_case_file"}

    # The added request still waits: closing is refused, naming it; nothing written.
    before = written()
    response = case_step(client, second_request, "close_case_file", {"close_case_file-note": "Приключена"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "still has documents waiting" in body and second_request.formatted_number in body
    assert written() == before
    case_file.refresh_from_db()
    assert case_file.status == "open"

    actions.close(clerk, second_request)
    response = case_step(client, second_request, "close_case_file", {"close_case_file-note": "Приключена"})
    assert response.status_code == 302
    case_file.refresh_from_db()
    assert case_file.status == "closed" and case_file.closed_at is not None
    entry = JournalEntry.objects.get(action="close_case_file")
    assert entry.document == request_doc and entry.after["status"] == "closed"
    origin_timeline = page(client, request_doc).split('id="doc-timeline"')[1]
    assert "Case file closed" in origin_timeline

    # Closed: the clerk has nothing more to do with it; a registrar may archive, a manager reopen.
    assert case_offered(page(client, request_doc)) == set()
    before = written()
    assert (
        case_step(client, request_doc, "reopen_case_file", {"reopen_case_file-reason": "x"}).status_code
        == 403
    )
    assert written() == before
    client.force_login(registrar)
    assert case_offered(page(client, request_doc)) == {"archive_case_file"}
    client.force_login(manager)
    assert case_offered(page(client, request_doc)) == {"archive_case_file", "reopen_case_file"}
    response = case_step(client, request_doc, "reopen_case_file", {"reopen_case_file-reason": ""})
    assert response.status_code == 200 and "Enter the reason." in response.content.decode()
    response = case_step(client, request_doc, "reopen_case_file", {"reopen_case_file-reason": "Нови факти"})
    assert response.status_code == 302
    case_file.refresh_from_db()
    assert (case_file.status, case_file.closed_at) == ("open", None)


def test_nothing_goes_into_a_closed_or_archived_case_file(
    client, clerk, registrar, manager, internal, matter, second_request
):
    case_file = matter[0]
    actions.close_case_file(clerk, case_file)
    client.force_login(clerk)
    # The choice lists only open case files, and the action refuses a closed one anyway.
    assert case_file.number not in client.get(OUTGOING).content.decode()
    with pytest.raises(ValidationError, match="is closed: reopen it first"):
        actions.add_to_case_file(clerk, second_request, case_file)
    with pytest.raises(ValidationError, match="is closed: reopen it first"):
        actions.register_outgoing(
            clerk, register=internal, subject="Бележка", kind="memo", channel="internal", case_file=case_file
        )

    client.force_login(registrar)
    response = case_step(client, matter[1], "archive_case_file", {"archive_case_file-note": "Опис 12"})
    assert response.status_code == 302
    case_file.refresh_from_db()
    assert case_file.status == "archived"
    client.force_login(manager)
    html = page(client, matter[1])
    assert case_offered(html) == set()  # an archived case file stays with the archive
    assert str(CaseFile.Status.ARCHIVED.label) in html.split('id="doc-case-file"')[1]


def test_steps_on_a_case_file_of_a_document_the_user_does_not_see_are_404(client, other_clerk, matter):
    client.force_login(other_clerk)
    before = written()
    response = case_step(client, matter[1], "close_case_file")
    assert response.status_code == 404
    assert written() == before


def test_a_case_file_is_opened_for_a_request_before_its_answer_and_the_answer_joins_it(
    client, clerk, other_clerk, second_request, outgoing
):
    client.force_login(clerk)
    html = page(client, second_request)
    assert "open_case_file" in set(re.findall(r'id="action-([a-z_]+)"', html))
    before = written()
    url = reverse("documents_admin:document_action", args=[second_request.pk, "open_case_file"])
    client.force_login(other_clerk)  # not assigned: may not see it
    assert client.post(url, {}).status_code in (403, 404)
    assert written() == before

    client.force_login(clerk)
    assert client.post(url, {}).status_code == 302
    second_request.refresh_from_db()
    case_file = second_request.case_file
    assert case_file.number == second_request.formatted_number and case_file.status == CaseFile.Status.OPEN
    html = page(client, second_request)
    assert 'id="action-open_case_file"' not in html and 'id="action-add_to_case_file"' not in html
    timeline = html[html.index('id="doc-timeline"') :]
    assert "Case file opened" in timeline
    before = written()
    again = client.post(url, {})  # twice: refused with the reason, nothing written
    assert again.status_code == 200 and "this step is not possible now" in again.content.decode()
    assert written() == before
    second_request.refresh_from_db()
    assert second_request.case_file == case_file
    assert CaseFile.objects.filter(number=second_request.formatted_number).count() == 1

    answer = actions.answer(clerk, second_request, register=outgoing, channel="post")
    assert answer.case_file == case_file
