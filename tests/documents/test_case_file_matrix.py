"""Every case file action for every role: allowed ones succeed and journal, the others raise PermissionDenied
and write nothing. The case file holds an answered request of `clerk` (so nothing waits), and an internal
note assigned to `clerk` waits to be added."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from documents import actions, casefiles
from documents.actors import PORTAL
from documents.models import CaseFile, Document, JournalEntry
from tests.documents.factories import RegisterFactory

ROLES = ["registrar", "clerk", "other_clerk", "editor", "manager"]


@pytest.fixture(autouse=True)
def english():
    # Messages are matched by their English msgids here; the Bulgarian is checked once, below.
    with translation.override("en"):
        yield


def _closed(case, manager):
    actions.close_case_file(manager, case.file)


# action -> (call, roles allowed, preparation)
MATRIX = {
    "close_case_file": (
        lambda a, c: actions.close_case_file(a, c.file, note="Приключена"),
        {"manager", "clerk"},
        None,
    ),
    "archive_case_file": (
        lambda a, c: actions.archive_case_file(a, c.file),
        {"manager", "registrar"},
        _closed,
    ),
    "reopen_case_file": (
        lambda a, c: actions.reopen_case_file(a, c.file, reason="Нови факти"),
        {"manager"},
        _closed,
    ),
    "add_to_case_file": (
        lambda a, c: actions.add_to_case_file(a, c.note, c.file),
        {"manager", "clerk", "registrar"},
        None,
    ),
}


class Case:
    pass


@pytest.fixture
def case(incoming, outgoing, manager, clerk, settings):
    settings.REGISTRY_AUTO_RECEIPT = False
    internal = RegisterFactory(index="ВД-01", uri_index=3, name="Вътрешни", internal=True)
    request_doc = actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане",
        kind="application",
        channel="portal",
        correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
    )
    actions.assign(manager, request_doc, assignee=clerk)
    actions.answer(clerk, request_doc, register=outgoing, channel="post")
    note = actions.register_outgoing(
        manager, register=internal, subject="Справка", kind="memo", channel="internal"
    )
    actions.assign(manager, note, assignee=clerk)
    c = Case()
    request_doc.refresh_from_db()
    c.file, c.note = request_doc.case_file, note
    return c


def state():
    return (
        list(CaseFile.objects.order_by("id").values_list("status", "closed_at")),
        list(Document.objects.order_by("id").values_list("case_file_id", flat=True)),
        JournalEntry.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(case, request, action, role, manager):
    call, allowed, prepare = MATRIX[action]
    if prepare:
        prepare(case, manager)
    actor = request.getfixturevalue(role)
    if role in allowed:
        call(actor, case)
        assert JournalEntry.objects.filter(action=action).exists()
    else:
        before = state()
        with pytest.raises(PermissionDenied):
            call(actor, case)
        assert state() == before


@pytest.mark.parametrize(
    "action, prepare",
    [("archive_case_file", None), ("reopen_case_file", None), ("close_case_file", _closed)],
)
def test_the_state_must_allow_the_step(case, manager, action, prepare):
    if prepare:
        prepare(case, manager)
    before = state()
    with pytest.raises(ValidationError, match="this step is not possible now"):
        MATRIX[action][0](manager, case)
    assert state() == before


def test_the_offered_steps_follow_role_and_state(case, manager, clerk, registrar, other_clerk):
    assert casefiles.allowed_actions(clerk, case.file) == ["close_case_file"]
    assert casefiles.allowed_actions(registrar, case.file) == []
    assert casefiles.allowed_actions(other_clerk, case.file) == []
    actions.close_case_file(clerk, case.file)
    assert casefiles.allowed_actions(manager, case.file) == ["archive_case_file", "reopen_case_file"]
    assert casefiles.allowed_actions(registrar, case.file) == ["archive_case_file"]


def test_the_reopened_case_file_needs_a_reason_and_a_document_joins_only_one(case, manager, clerk):
    actions.close_case_file(clerk, case.file)
    with pytest.raises(ValidationError, match="Say why"):
        actions.reopen_case_file(manager, case.file, reason=" ")
    actions.reopen_case_file(manager, case.file, reason="Нови факти")
    actions.add_to_case_file(clerk, case.note, case.file)
    other = CaseFile.objects.create(number="X-1", title="Друга")
    with pytest.raises(ValidationError, match="already in case file"):
        actions.add_to_case_file(manager, case.note, other)


def test_an_answer_does_not_slip_into_a_closed_case_file(case, manager, clerk, outgoing):
    """A request reopened after its case file was closed cannot be answered into it until the case file
    is reopened too: a clear message, nothing written."""
    request_doc = Document.objects.get(case_file=case.file, register__direction="incoming")
    actions.close_case_file(clerk, case.file)
    actions.close(clerk, request_doc)
    actions.reopen(manager, request_doc, reason="Ново искане")
    before = state()
    with pytest.raises(ValidationError, match="is closed: reopen it first"):
        actions.answer(clerk, request_doc, register=outgoing, channel="post")
    assert state() == before
    actions.reopen_case_file(manager, case.file, reason="Ново искане")
    answer = actions.answer(clerk, request_doc, register=outgoing, channel="post")
    assert answer.case_file == case.file


def test_the_refusal_is_in_bulgarian_by_default(case, clerk):
    actions.close_case_file(clerk, case.file)
    with translation.override("bg"), pytest.raises(ValidationError) as exc:
        actions.add_to_case_file(clerk, case.note, case.file)
    assert exc.value.message_dict["case_file"] == [
        f"Преписка {case.file.number} е приключена: първо я отворете отново."
    ]
