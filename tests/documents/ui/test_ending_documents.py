"""A document that ends (closed, cancelled, withdrawn by the sender) takes its open resolutions with it:
they are withdrawn and journaled in the same step, leave "my tasks" and the daily reminders, and no longer
open the document to their assignee. Reopening does not bring them back. And linking two documents shows
on both timelines."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import actions, tasks
from documents.models import Resolution
from tests.documents.ui.conftest import register_incoming

TODAY = timezone.localdate()
# (action, who posts it, form data)
ENDINGS = {
    "close": ("clerk", {"close-note": "Приключено"}),
    "cancel": ("registrar", {"cancel-reason": "Грешно заведен"}),
    "withdraw": ("registrar", {"withdraw-reason": "Подателят оттегли искането"}),
}


def act(client, doc, action, data):
    return client.post(reverse("documents_admin:document_action", args=[doc.pk, action]), data)


def page(client, doc):
    return client.get(reverse("documents_admin:document", args=[doc.pk]))


def my_tasks(client):
    return client.get(reverse("documents_admin:my_tasks")).content.decode()


@pytest.fixture
def with_resolution(assigned_doc, manager, other_clerk):
    """``assigned_doc`` (the clerk's) with an open resolution for ``other_clerk``, due today."""
    res = actions.resolve(
        manager, assigned_doc, text="Становище по искането", assignees=[other_clerk], deadline=TODAY
    )
    return assigned_doc, res


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_ending_a_document_withdraws_its_open_resolutions(
    client, users, with_resolution, other_clerk, mailoutbox, ending
):
    doc, res = with_resolution
    # Before: the resolution is the other clerk's task, opens the document to them and is reminded of.
    client.force_login(other_clerk)
    assert doc.formatted_number in my_tasks(client)
    assert page(client, doc).status_code == 200
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    assert tasks.send_deadline_reminders(yesterday) == 1  # "due soon" the day before
    mailoutbox.clear()

    role, data = ENDINGS[ending]
    client.force_login(users[role])
    assert act(client, doc, ending, data).status_code == 302

    res.refresh_from_db()
    assert res.status == Resolution.Status.WITHDRAWN and res.completed_at is not None
    # Journaled, on the document's timeline.
    html = page(client, doc).content.decode()
    timeline = html[html.index('id="doc-timeline"') :]
    assert "Resolution withdrawn" in timeline
    # No longer the other clerk's task, no reminder, no access through it.
    assert tasks.send_deadline_reminders(TODAY.isoformat()) == 0
    assert mailoutbox == []
    client.force_login(other_clerk)
    assert doc.formatted_number not in my_tasks(client)
    assert page(client, doc).status_code == 404


def test_reopening_does_not_bring_resolutions_back(client, with_resolution, clerk, manager):
    doc, res = with_resolution
    client.force_login(clerk)
    assert act(client, doc, "close", ENDINGS["close"][1]).status_code == 302
    client.force_login(manager)
    assert act(client, doc, "reopen", {"reopen-reason": "Нови факти"}).status_code == 302
    res.refresh_from_db()
    doc.refresh_from_db()
    assert doc.status == "in_progress" and res.status == Resolution.Status.WITHDRAWN


def test_resolutions_already_done_are_left_alone(client, with_resolution, other_clerk, clerk):
    doc, res = with_resolution
    actions.complete_resolution(other_clerk, res, note="Готово")
    client.force_login(clerk)
    assert act(client, doc, "close", ENDINGS["close"][1]).status_code == 302
    res.refresh_from_db()
    assert res.status == Resolution.Status.DONE and res.note == "Готово"


def test_a_reminder_skips_an_open_resolution_of_an_ended_document(with_resolution, mailoutbox):
    """Resolutions left open by the old close (before this fix) are not reminded of either."""
    from documents.models import Document

    doc, res = with_resolution
    Document.objects.filter(pk=doc.pk).update(status=Document.Status.CLOSED, closed_at=timezone.now())
    assert tasks.send_deadline_reminders(TODAY.isoformat()) == 0 and mailoutbox == []


def test_linking_shows_on_both_timelines(client, registrar, incoming):
    a = register_incoming(incoming)
    b = register_incoming(incoming, subject="Допълнение към искането")
    client.force_login(registrar)
    assert act(client, a, "link", {"link-number": b.formatted_number}).status_code == 302
    for doc, other in ((a, b), (b, a)):
        html = page(client, doc).content.decode()
        timeline = html[html.index('id="doc-timeline"') :]
        assert "Related document linked" in timeline, doc
        assert other.formatted_number in timeline, doc
    # Linking the same pair again changes nothing and writes nothing.
    from documents.models import JournalEntry

    count = JournalEntry.objects.count()
    actions.link_related(registrar, b, a)
    assert JournalEntry.objects.count() == count
