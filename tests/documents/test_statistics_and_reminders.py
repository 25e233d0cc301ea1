"""Statistics per register and month, the daily reminder e-mails, the beat schedule, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from documents import permissions, statistics, tasks
from documents.models import Document
from tests.documents.factories import DocumentFactory, RegisterFactory, ResolutionFactory, UserFactory

TZ = timezone.get_fixed_timezone(120)


def at(y, m, d, h=10):
    return datetime.datetime(y, m, d, h, tzinfo=TZ)


def test_monthly_statistics(incoming, outgoing):
    # March 2026: three received; one closed in time (2 working days), one closed late (6), one still open
    # and overdue. April: the late one is closed there. Outgoing: one in April. A cancelled one never counts.
    DocumentFactory(
        register=incoming,
        registered_at=at(2026, 3, 2),
        deadline=datetime.date(2026, 3, 10),
        closed=True,
        closed_at=at(2026, 3, 5),
    )  # Tue 3 March is a holiday: 2 working days
    DocumentFactory(
        register=incoming,
        registered_at=at(2026, 3, 30),
        deadline=datetime.date(2026, 4, 1),
        closed=True,
        closed_at=at(2026, 4, 8),
    )  # 31, 1, 2, 3, 6, 7, 8 April minus nothing = 7
    DocumentFactory(
        register=incoming, registered_at=at(2026, 3, 31), overdue=True, deadline=datetime.date(2026, 4, 2)
    )
    DocumentFactory(register=incoming, registered_at=at(2026, 3, 31), cancelled=True)
    DocumentFactory(register=outgoing, registered_at=at(2026, 4, 15))
    with CaptureQueriesContext(connection) as queries:
        stats = statistics.monthly(
            datetime.date(2026, 3, 1), datetime.date(2026, 4, 30), today=datetime.date(2026, 5, 1)
        )
    got = [(s.register_index, s.month.month, s.received, s.closed, s.overdue, s.median_days) for s in stats]
    assert got == [
        ("ОА-01", 3, 3, 1, 2, 2.0),
        ("ОА-01", 4, 0, 1, 0, 7.0),
        ("ОА-02", 4, 1, 0, 0, None),
    ]
    assert len(queries) <= 4
    rows = statistics.as_rows(stats)
    assert rows[0][0] == "Регистър" and rows[1] == ["ОА-01", "03.2026", 3, 1, 2, "2"]


def test_statistics_for_some_registers(incoming, outgoing):
    DocumentFactory(register=incoming, registered_at=at(2026, 3, 2))
    DocumentFactory(register=outgoing, registered_at=at(2026, 3, 2))
    stats = statistics.monthly(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), registers=[outgoing])
    assert [s.register_index for s in stats] == ["ОА-02"]


@freeze_time("2026-04-09 07:30:00+03:00")
def test_daily_reminders_once_per_assignee_and_day(incoming, mailoutbox):
    clerk = UserFactory(username="ana", clerk=True, email="ana@ruse.example")
    idle = UserFactory(username="boris", clerk=True)
    today = datetime.date(2026, 4, 9)
    DocumentFactory(
        register=incoming,
        assignee=clerk,
        status="in_progress",
        deadline=today - datetime.timedelta(1),
        subject="Просрочено искане",
    )
    DocumentFactory(
        register=incoming,
        assignee=clerk,
        status="assigned",
        deadline=datetime.date(2026, 4, 14),
        subject="Искане с изтичащ срок",
    )  # 1 working day after Easter
    DocumentFactory(register=incoming, assignee=clerk, status="assigned", deadline=datetime.date(2026, 5, 20))
    DocumentFactory(register=incoming, assignee=idle, closed=True, deadline=today)
    ResolutionFactory(document__register=incoming, assignees=[clerk], deadline=today, text="Да се провери")
    assert tasks.send_deadline_reminders() == 1
    assert tasks.send_deadline_reminders() == 0  # idempotent within the day
    [mail] = mailoutbox
    assert mail.to == ["ana@ruse.example"] and "09.04.2026" in mail.subject
    body = mail.body
    assert "Документи с изтекъл срок" in body and "Просрочено искане" in body
    assert "Документи с изтичащ срок" in body and "Искане с изтичащ срок" in body and "14.04.2026" in body
    assert "Да се провери" in body and "20.05.2026" not in body


def test_beat_schedule_has_the_daily_reminders():
    from portal.celery import app

    entry = app.conf.beat_schedule["documents-deadline-reminders"]
    assert entry["task"] == "documents.tasks.send_deadline_reminders"
    assert entry["task"] in app.tasks


def test_list_queries_do_not_grow_with_the_list(incoming, django_assert_max_num_queries):
    clerk = UserFactory(clerk=True)
    for _ in range(3):
        DocumentFactory(register=incoming, assignee=clerk, status="assigned")

    def render():
        rows = list(permissions.visible_documents(clerk, Document.objects.for_list()).search("искане")[:50])
        return [(d.formatted_number, d.register.index, d.assignee.username, d.is_overdue) for d in rows]

    render()  # the user's permissions are loaded once and cached on the user
    with CaptureQueriesContext(connection) as small:
        assert len(render()) == 3
    for _ in range(20):
        DocumentFactory(register=incoming, assignee=clerk, status="assigned")
    with CaptureQueriesContext(connection) as large:
        assert len(render()) == 23
    assert len(large) == len(small) == 1


def test_overdue_and_due_soon_querysets(incoming):
    today = timezone.localdate()
    late = DocumentFactory(register=incoming, overdue=True)
    soon = DocumentFactory(register=incoming, status="assigned", deadline=today)
    DocumentFactory(register=incoming, closed=True, deadline=today - datetime.timedelta(days=5))
    assert list(Document.objects.overdue()) == [late] and late.is_overdue
    assert list(Document.objects.due_soon()) == [soon] and soon.is_due_soon


@pytest.mark.parametrize("query, found", [("иван", 1), ("ИВАН петров", 1), ("удостовер", 1), ("липсва", 0)])
def test_search_subject_and_correspondents(db, query, found):
    register = RegisterFactory()
    DocumentFactory(
        register=register, subject="Искане за удостоверение", correspondent_names="Иван Петров, Русе"
    )
    DocumentFactory(register=register, subject="Покана", correspondent_names="Община Русе")
    assert Document.objects.search(query).count() == found


def test_search_by_number(incoming):
    doc = DocumentFactory(register=incoming)
    assert list(Document.objects.search(doc.formatted_number)) == [doc]
