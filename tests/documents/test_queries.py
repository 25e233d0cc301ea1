"""Read-side helpers: the document page in a fixed number of queries, my tasks, the dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents import actions, queries
from documents.actors import PORTAL
from documents.models import Document
from tests.documents.samples import upload

SENDER = [{"name": "Иван Иванов", "city": "Русе"}]


@pytest.fixture(autouse=True)
def no_receipts(settings):
    settings.REGISTRY_AUTO_RECEIPT = False


@pytest.fixture
def doc(incoming):
    return actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане",
        kind="application",
        channel="portal",
        correspondents=SENDER,
        files=[upload("a.pdf")],
    )


def page_queries(doc_id, user) -> int:
    queries.document_page(doc_id, user)  # permissions cached on the user, as within a request
    with CaptureQueriesContext(connection) as captured:
        page = queries.document_page(doc_id, user)
    assert page.document.pk == doc_id
    return len(captured)


def test_document_page_queries_do_not_grow_with_history(doc, manager, clerk, outgoing):
    actions.resolve(manager, doc, text="Първа", assignees=[clerk])
    before = page_queries(doc.pk, manager)
    for text in ("Втора", "Трета"):
        actions.resolve(manager, doc, text=text, assignees=[clerk, manager])
    actions.attach_files(manager, doc, [upload("b.pdf"), upload("c.txt", "текст".encode())])
    actions.answer(clerk, doc, register=outgoing, channel="post")
    page = queries.document_page(doc.pk, manager)
    assert len(page.resolutions) == 3 and len(page.attachments) == 3 and len(page.answers) == 1
    assert [e.action for e in page.timeline][:3] == ["register_incoming", "resolve", "assign"]
    assert page_queries(doc.pk, manager) == before == 9


def test_document_page_is_not_found_for_someone_who_may_not_see_it(doc, other_clerk, editor):
    for user in (other_clerk, editor):
        with pytest.raises(Document.DoesNotExist):
            queries.document_page(doc.pk, user)


def test_my_tasks_and_dashboard(doc, manager, clerk, incoming):
    actions.assign(manager, doc, assignee=clerk, deadline=timezone.localdate() + datetime.timedelta(days=2))
    res = actions.resolve(manager, doc, text="За отговор", assignees=[clerk])
    assert list(queries.my_documents(clerk)) == [doc]
    assert list(queries.my_resolutions(clerk)) == [res]
    Document.objects.filter(pk=doc.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    board = queries.dashboard(clerk)
    assert (board.received_today, board.assigned_to_me, board.overdue) == (1, 1, 1)
    assert queries.dashboard(manager).assigned_to_me == 0
