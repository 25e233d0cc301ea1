"""The audit journal: every action appends, the hash chain catches changes, deletions and cut-offs."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connections, transaction

from documents import actions, journal
from documents.actors import PORTAL, SEOS
from documents.models import JournalEntry, JournalHead

SENDER = [{"name": "Иван Иванов", "city": "Русе"}]


@pytest.fixture(autouse=True)
def no_receipts(settings):
    settings.REGISTRY_AUTO_RECEIPT = False


@pytest.fixture
def history(incoming, manager, clerk):
    doc = actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане",
        kind="application",
        channel="portal",
        correspondents=SENDER,
    )
    actions.assign(manager, doc, assignee=clerk)
    actions.start(clerk, doc)
    actions.close(clerk, doc, note="Изпълнено")
    return doc


def test_actions_append_who_what_and_the_change(history, manager, clerk):
    entries = list(journal.timeline(history))
    assert [e.action for e in entries] == ["register_incoming", "assign", "start", "close"]
    assert entries[0].actor_label == "system:portal" and entries[0].actor is None
    assert entries[1].actor == manager
    assert entries[1].before == {"status": "registered", "assignee_id": None}
    assert entries[1].after == {"status": "assigned", "assignee_id": clerk.pk}
    assert entries[3].after["note"] == "Изпълнено"
    assert all(e.prev_hash == p.hash for p, e in zip(entries, entries[1:], strict=False))


def test_verify_journal_passes_on_an_intact_chain(history, capsys):
    call_command("verify_journal")
    assert "4 entries" in capsys.readouterr().out


def test_a_changed_entry_is_named(history):
    victim = JournalEntry.objects.order_by("id")[1]
    JournalEntry.objects.filter(pk=victim.pk).update(after={"status": "closed"})  # behind the model's back
    with pytest.raises(CommandError, match=f"#{victim.pk}: content does not match"):
        call_command("verify_journal")


def test_a_deleted_entry_is_detected_at_the_next_one(history):
    entries = list(JournalEntry.objects.order_by("id"))
    JournalEntry.objects.filter(pk=entries[1].pk)._raw_delete("default")
    with pytest.raises(CommandError, match=f"#{entries[2].pk}: previous hash"):
        call_command("verify_journal")


def test_entries_cut_off_the_end_are_detected(history):
    last = JournalEntry.objects.order_by("-id").first()
    JournalEntry.objects.filter(pk=last.pk)._raw_delete("default")
    with pytest.raises(CommandError, match="ends early: 4 entries recorded, 3 found"):
        call_command("verify_journal")


def test_entries_refuse_to_be_saved_again_or_deleted(history):
    entry = JournalEntry.objects.first()
    entry.action = "something else"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_nothing_is_journalled_when_an_action_fails(history, clerk):
    count = JournalEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the kind of failure does not matter here
        actions.cancel(clerk, history, reason="x")
    assert JournalEntry.objects.count() == count == JournalHead.objects.get().count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_stay_one_linear_chain(incoming):
    threads, per_thread = 8, 15
    errors = []
    barrier = threading.Barrier(threads)

    def worker(n):
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    journal.record(SEOS, "probe", incoming, None, {"thread": n, "i": i})
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    result = journal.verify()
    assert result.ok, result
    assert result.checked == threads * per_thread
    assert JournalEntry.objects.values("prev_hash").distinct().count() == threads * per_thread
