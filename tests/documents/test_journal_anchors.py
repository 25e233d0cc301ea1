"""Anchors of the audit journal outside the database: someone with database write access rewrites an entry
and recomputes every later hash and the stored tip — the chain alone still verifies, the anchors in the
backup manifests and in the daily log line do not, and ``verify_journal`` names the entry."""

import json
import logging

import pytest
from django.core.management import CommandError, call_command

from documents import actions, anchors, journal
from documents.actors import PORTAL
from documents.models import JournalEntry, JournalHead

SENDER = [{"name": "Иван Иванов", "city": "Русе"}]


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.REGISTRY_AUTO_RECEIPT = False
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"


def make_history(incoming, manager, clerk):
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
    return doc


def rewrite_from(entry_id: int, **changes) -> None:
    """What an attacker with SQL access does: change an entry, recompute its hash and every later one, and
    the head row — all behind the models' backs."""
    prev = None
    for entry in JournalEntry.objects.filter(id__gte=entry_id).order_by("id"):
        if entry.pk == entry_id:
            for field, value in changes.items():
                setattr(entry, field, value)
        if prev is not None:
            entry.prev_hash = prev
        entry.hash = journal.compute_hash(entry)
        JournalEntry.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, hash=entry.hash, **{f: getattr(entry, f) for f in changes}
        )
        prev = entry.hash
    last = JournalEntry.objects.order_by("-id").first()
    JournalHead.objects.filter(pk=1).update(last_id=last.pk, last_hash=last.hash)


def test_a_backup_manifest_anchors_the_tip_and_a_rewrite_is_caught_by_it(
    wagtail_base_data, settings, incoming, manager, clerk
):
    doc = make_history(incoming, manager, clerk)
    call_command("backup")
    head = JournalHead.objects.get()
    (manifest_path,) = anchors.backup_manifests()
    assert json.loads(manifest_path.read_text())["journal_anchor"] == {
        "id": head.last_id,
        "hash": head.last_hash,
    }
    actions.close(clerk, doc, note="Изпълнено")  # the chain grows after the backup
    call_command("verify_journal")  # the anchors in BACKUP_DIR by default: intact

    assign = JournalEntry.objects.get(action="assign")
    rewrite_from(assign.pk, after={"status": "assigned", "assignee_id": manager.pk})

    assert journal.verify().ok  # the chain alone cannot tell
    call_command("verify_journal", "--no-anchors")
    with pytest.raises(
        CommandError, match=rf"entry #{head.last_id} has hash .*rewritten at or before entry #{head.last_id}"
    ):
        call_command("verify_journal")
    with pytest.raises(CommandError, match=rf"recorded .*rewritten at or before entry #{head.last_id}"):
        call_command("verify_journal", "--anchors", str(manifest_path))


def test_the_daily_log_line_anchors_the_tip_and_names_the_rewritten_entry(
    incoming, manager, clerk, caplog, tmp_path
):
    make_history(incoming, manager, clerk)
    first = JournalEntry.objects.order_by("id").first()
    with caplog.at_level(logging.INFO, logger="documents.journal"):
        anchors.log_anchor.apply()
    log = tmp_path / "portal.log"
    log.write_text("other line\n" + caplog.text, encoding="utf-8")
    tip = JournalHead.objects.get()
    assert f"journal anchor: entry #{tip.last_id} sha256 {tip.last_hash}" in caplog.text
    call_command("verify_journal", "--anchors", str(log))

    # Rewrite the anchored entry itself: its id is named exactly.
    rewrite_from(tip.last_id, actor_label="someone-else")
    assert journal.verify().ok
    with pytest.raises(CommandError, match=rf"entry #{tip.last_id} has hash .* {log}:2 recorded"):
        call_command("verify_journal", "--anchors", str(log))

    # With an older anchor still matching, the message narrows the rewrite down to after it.
    older = tmp_path / "older.log"
    older.write_text(anchors.LOG_FORMAT % (first.pk, first.hash) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=rf"at or before entry #{tip.last_id} and after entry #{first.pk}"):
        call_command("verify_journal", "--anchors", str(older), str(log))


def test_entries_cut_off_past_an_anchor_are_caught(incoming, manager, clerk, tmp_path):
    make_history(incoming, manager, clerk)
    tip = JournalHead.objects.get()
    log = tmp_path / "anchor.log"
    log.write_text(anchors.LOG_FORMAT % (tip.last_id, tip.last_hash), encoding="utf-8")
    JournalEntry.objects.filter(pk=tip.last_id)._raw_delete("default")
    last = JournalEntry.objects.order_by("-id").first()
    JournalHead.objects.filter(pk=1).update(last_id=last.pk, last_hash=last.hash, count=tip.count - 1)
    assert journal.verify().ok
    with pytest.raises(CommandError, match=rf"entry #{tip.last_id} anchored in {log}:1 is missing"):
        call_command("verify_journal", "--anchors", str(log))


def test_unreadable_or_empty_anchor_files_are_refused_clearly(incoming, manager, clerk, tmp_path):
    make_history(incoming, manager, clerk)
    with pytest.raises(CommandError, match="missing.json cannot be read"):
        call_command("verify_journal", "--anchors", str(tmp_path / "missing.json"))
    broken = tmp_path / "manifest.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="manifest.json is not valid JSON"):
        call_command("verify_journal", "--anchors", str(broken))
    empty = tmp_path / "empty.log"
    empty.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No journal anchors found"):
        call_command("verify_journal", "--anchors", str(empty))
