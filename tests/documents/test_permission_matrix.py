"""Every action for every role, on a document assigned to `clerk`: allowed ones succeed, the others raise
PermissionDenied and write nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from documents import actions
from documents.actors import PORTAL
from documents.models import Document, JournalEntry, Resolution
from tests.documents.samples import upload

ROLES = ["registrar", "foreign_registrar", "clerk", "other_clerk", "editor", "manager"]
IN_A_WEEK = timezone.localdate() + datetime.timedelta(days=7)


def _closed(doc, manager):
    actions.close(manager, doc)
    return doc


def _waiting_for_information(doc, manager):
    actions.request_information(manager, doc, note="Липсва скица")
    return doc


def _with_other_document(doc, manager):
    # A second document of the same register, also the clerk's: every role allowed to link sees both.
    doc._other = actions.register_incoming(
        PORTAL,
        register=doc.register,
        subject="Допълнение",
        kind="letter",
        channel="post",
        correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
    )
    actions.assign(manager, doc._other, assignee=doc.assignee)
    return doc


# action name -> (how to call it, roles allowed, preparation of the document)
MATRIX = {
    "assign": (lambda a, d, c: actions.assign(a, d, assignee=c), {"manager"}, None),
    "start": (lambda a, d, c: actions.start(a, d), {"manager", "clerk"}, None),
    "resolve": (
        lambda a, d, c: actions.resolve(a, d, text="За отговор", assignees=[c]),
        {"manager", "clerk"},
        None,
    ),
    "set_deadline": (lambda a, d, c: actions.set_deadline(a, d, IN_A_WEEK), {"manager", "registrar"}, None),
    "request_information": (
        lambda a, d, c: actions.request_information(a, d, note="Липсва скица"),
        {"manager", "clerk"},
        None,
    ),
    "answer": (
        lambda a, d, c: actions.answer(a, d, register=d._outgoing, channel="post"),
        {"manager", "clerk"},
        None,
    ),
    "close": (lambda a, d, c: actions.close(a, d), {"manager", "clerk"}, None),
    "reopen": (lambda a, d, c: actions.reopen(a, d, reason="Нови факти"), {"manager"}, _closed),
    "cancel": (lambda a, d, c: actions.cancel(a, d, reason="Дублиран"), {"manager", "registrar"}, None),
    "withdraw": (lambda a, d, c: actions.withdraw(a, d, reason="Оттеглено"), {"manager", "registrar"}, None),
    "attach_files": (
        lambda a, d, c: actions.attach_files(a, d, [upload("a.pdf")]),
        {"manager", "registrar", "clerk"},
        None,
    ),
    "resume": (
        lambda a, d, c: actions.resume(a, d, note="Скицата е получена"),
        {"manager", "clerk"},
        _waiting_for_information,
    ),
    "link": (
        lambda a, d, c: actions.link_related(a, d, d._other),
        {"manager", "registrar", "clerk"},
        _with_other_document,
    ),
    "open_case_file": (lambda a, d, c: actions.open_case_file(a, d), {"manager", "registrar", "clerk"}, None),
    # the resolution's author is the manager; the clerk only carries it out
    "withdraw_resolution": (
        lambda a, d, c: actions.withdraw_resolution(a, d._resolution, reason="Отпада"),
        {"manager"},
        None,
    ),
    "complete_resolution": (
        lambda a, d, c: actions.complete_resolution(a, d._resolution),
        {"manager", "clerk"},
        None,
    ),
}


@pytest.fixture
def doc(incoming, outgoing, manager, clerk, settings):
    settings.REGISTRY_AUTO_RECEIPT = False
    doc = actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане",
        kind="application",
        channel="portal",
        correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
    )
    actions.assign(manager, doc, assignee=clerk)
    doc._resolution = actions.resolve(manager, doc, text="Проверка", assignees=[clerk])
    doc._outgoing = outgoing
    return doc


def state():
    return (
        list(
            Document.objects.order_by("id").values_list("status", "is_cancelled", "deadline", "assignee_id")
        ),
        JournalEntry.objects.count(),
        list(Resolution.objects.order_by("id").values_list("status", flat=True)),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(doc, request, action, role, manager, clerk, registrar):
    call, allowed, prepare = MATRIX[action]
    if prepare:
        prepare(doc, manager)
    actor = request.getfixturevalue(role)
    if role in allowed:
        call(actor, doc, clerk)
        assert JournalEntry.objects.filter(action=action).exists() or action == "attach_files"
    else:
        before = state()
        with pytest.raises(PermissionDenied):
            call(actor, doc, clerk)
        assert state() == before
