"""Document lists: filters, search, sorting, paging without counting, and a constant number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from tests.documents.factories import DepartmentFactory, DocumentFactory, RegisterFactory, ResolutionFactory

LIST = reverse("documents_admin:documents")


def numbers(response) -> list[str]:
    """The registration numbers in the list, in order."""
    html = response.content.decode()
    return re.findall(r'href="/admin/registry/documents/\d+/">([^<]+)</a>', html)


def make(register, n, **kwargs):
    return [DocumentFactory(register=register, **kwargs) for _ in range(n)]


@pytest.fixture
def other_register(db):
    return RegisterFactory(index="ОА-09", uri_index=9, name="Друг регистър")


def test_register_list_shows_only_its_register(client, manager, incoming, other_register):
    mine = make(incoming, 2)
    theirs = make(other_register, 1)
    client.force_login(manager)
    shown = numbers(client.get(reverse("documents_admin:register_documents", args=[incoming.pk])))
    assert set(shown) == {d.formatted_number for d in mine}
    assert theirs[0].formatted_number in numbers(client.get(LIST))


def test_filters_each_narrow_the_list(client, manager, clerk, incoming):
    dep = DepartmentFactory(name="Дирекция АКРРДС")
    today = timezone.localdate()
    base = dict(register=incoming)
    a = DocumentFactory(
        **base,
        subject="Сигнал за сметище",
        kind="signal",
        channel="email",
        status="assigned",
        assignee=clerk,
        department=dep,
        deadline=today - datetime.timedelta(days=2),
        correspondent_names="Мария Георгиева, Николово",
    )
    b = DocumentFactory(
        **base,
        subject="Жалба за шум",
        kind="complaint",
        channel="post",
        correspondent_names="Сдружение „Граждани за Русе“, Русе",
    )
    c = DocumentFactory(
        **base, subject="Стара преписка", registered_at=timezone.now() - datetime.timedelta(days=400)
    )
    d = DocumentFactory(**base, subject="Грешно заведено", cancelled=True)
    client.force_login(manager)
    cases = {
        "kind=signal": {a},
        "channel=post": {b},
        "status=assigned": {a},
        "status=cancelled": {d},
        f"assignee={clerk.pk}": {a},
        f"department={dep.pk}": {a},
        "overdue=on": {a},
        f"year={c.year}": {c},  # 400 days ago: always another year
        "correspondent=георгиева": {a},
        "correspondent=Граждани": {b},
        "q=сметище": {a},
        "q=ЖАЛБА": {b},
        f"q={b.formatted_number}": {b},
        f"date_from={today.isoformat()}&date_to={today.isoformat()}": {a, b, d},
        f"date_to={(today - datetime.timedelta(days=30)).isoformat()}": {c},
        "kind=signal&channel=post": set(),
    }
    for query, expected in cases.items():
        shown = set(numbers(client.get(f"{LIST}?{query}")))
        assert shown == {x.formatted_number for x in expected}, query


def test_a_bad_filter_value_is_explained(client, manager, incoming):
    make(incoming, 1)
    client.force_login(manager)
    response = client.get(f"{LIST}?date_from=29.02.2026x&year=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_date_from-error"' in html
    assert numbers(response) == []


def test_paging_without_a_count(client, manager, incoming):
    docs = make(incoming, 53)
    client.force_login(manager)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(LIST)
    assert not any("COUNT(" in q["sql"].upper() and "documents_document" in q["sql"] for q in queries)
    newest_first = [
        d.formatted_number for d in sorted(docs, key=lambda d: (d.registered_at, d.pk), reverse=True)
    ]
    assert numbers(first) == newest_first[:50]
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' not in first.content.decode()
    second = client.get(f"{LIST}?p=2")
    assert numbers(second) == newest_first[50:]
    assert 'rel="next"' not in second.content.decode() and 'rel="prev"' in second.content.decode()
    assert client.get(f"{LIST}?p=99999").status_code == 404  # far pages: use the filters


def test_sorting_by_number_and_deadline(client, manager, incoming):
    today = timezone.localdate()
    late = DocumentFactory(register=incoming, deadline=today + datetime.timedelta(days=9))
    soon = DocumentFactory(register=incoming, deadline=today + datetime.timedelta(days=1))
    none = DocumentFactory(register=incoming)
    client.force_login(manager)
    assert numbers(client.get(f"{LIST}?ordering=deadline")) == [
        soon.formatted_number,
        late.formatted_number,
        none.formatted_number,
    ]
    by_number = numbers(client.get(f"{LIST}?ordering=number"))
    assert by_number == [d.formatted_number for d in sorted([late, soon, none], key=lambda d: d.number)]
    response = client.get(f"{LIST}?ordering=deadline")
    assert 'aria-sort="ascending"' in response.content.decode()
    assert numbers(client.get(f"{LIST}?ordering=bogus"))  # unknown: the default order, no error


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("role", ["manager", "registrar", "clerk"])
def test_the_number_of_queries_does_not_grow_with_the_documents(client, request, incoming, clerk, role):
    user = request.getfixturevalue(role)
    dep = DepartmentFactory(name="Дирекция АКРРДС")
    dep.members.add(clerk)

    def add(n):
        for i in range(n):
            doc = DocumentFactory(
                register=incoming,
                assignee=clerk if i % 2 else None,
                department=dep if i % 3 else None,
                status="assigned",
                deadline=timezone.localdate() + datetime.timedelta(days=i % 7 - 3),
            )
            if i % 5 == 0:
                ResolutionFactory(document=doc, assignees=[clerk])

    client.force_login(user)
    urls = [
        LIST,
        reverse("documents_admin:register_documents", args=[incoming.pk]),
        f"{LIST}?q=удостоверение&overdue=on&ordering=deadline",
        reverse("documents_admin:my_tasks"),
        reverse("wagtailadmin_home"),
    ]
    add(10)
    for url in urls:
        _queries(client, url)  # first visits fill caches (content types, the user's admin profile)
    small = [_queries(client, u) for u in urls]
    add(90)
    large = [_queries(client, u) for u in urls]
    assert small == large
    assert Document.objects.count() == 100
