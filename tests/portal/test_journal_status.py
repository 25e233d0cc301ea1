"""The system status page shows the last stored journal verification (the nightly task's or
``verify_journal``'s): a broken chain's problem and entry id, the age of the result; it never walks the
chain itself, so the page costs the same whatever the size of the journal."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents import journal
from documents.actors import PORTAL
from documents.models import JournalEntry
from portal import tasks
from portal.models import JournalCheck
from tests.documents.factories import RegisterFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/system-status/"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def register(db):
    return RegisterFactory(index="ОА-01", uri_index=1, name="Входящи документи")


def append(register, count: int) -> None:
    for i in range(count):
        journal.record(PORTAL, "update", register, {"name": f"before {i}"}, {"name": f"after {i}"})


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(username="root", superuser=True))
    return client


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_nightly_task_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["portal-verify-journal"]
    assert entry["task"] == "portal.verify_journal" == tasks.verify_journal.name


def test_a_broken_chain_is_shown_with_its_problem_and_entry(root_client, register):
    append(register, 5)
    victim = JournalEntry.objects.order_by("id")[2]
    JournalEntry.objects.filter(pk=victim.pk).update(after={"name": "forged"})  # behind the model's back
    assert tasks.verify_journal.delay().get() is False
    html = page(root_client)
    assert "The journal chain does NOT verify." in html
    assert f"First broken entry: #{victim.pk}" in html
    assert "content does not match its hash (changed)" in html
    assert root_client.get(URL).context["journal"].problem


def test_an_intact_chain_is_shown_with_its_size_and_age(root_client, register):
    append(register, 3)
    tasks.verify_journal.delay()
    JournalCheck.objects.update(checked_at=timezone.now() - timedelta(hours=3))
    html = page(root_client)
    assert "The journal chain verifies: 3 entries, none changed or removed." in html
    assert "(3 hours ago)" in html
    assert not root_client.get(URL).context["journal"].problem


def test_the_page_does_not_verify_the_chain_itself(root_client, register):
    append(register, 3)
    tasks.verify_journal.delay()
    JournalEntry.objects.filter(pk=JournalEntry.objects.order_by("id").first().pk).update(action="forged")
    # Broken now, but the page reports the stored result until the next verification runs.
    assert "The journal chain verifies: 3 entries" in page(root_client)
    with pytest.raises(CommandError, match="Journal broken at entry"):
        call_command("verify_journal")  # stores its result too
    assert "The journal chain does NOT verify." in page(root_client)


def test_the_page_costs_the_same_whatever_the_journal_size(root_client, register):
    append(register, 2)
    tasks.verify_journal.delay()
    page(root_client)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as small:
        page(root_client)
    append(register, 60)
    tasks.verify_journal.delay()
    with CaptureQueriesContext(connection) as large:
        html = page(root_client)
    assert "62 entries" in html
    assert not [q for q in large.captured_queries if "documents_journalentry" in q["sql"]]
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_result_older_than_a_day_is_flagged(root_client, register):
    tasks.verify_journal.delay()
    JournalCheck.objects.update(checked_at=timezone.now() - timedelta(hours=30))
    assert "The nightly verification has not run since." in page(root_client)
    assert root_client.get(URL).context["journal"].problem
