"""Backups that restore: the drill (backup → drop everything → restore → same data), damage refused,
retention pruning, the nightly task."""

import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, models
from wagtail.documents.models import Document

from portal import backup
from portal.models import TaskFailure
from tests.portal.factories import UserFactory


def snapshot() -> dict:
    """Row count of every model, and the SHA-256 of every file any FileField points at."""
    counts, files = {}, {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.label] = model._default_manager.count()
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in file_fields:
            for obj in model._default_manager.exclude(**{field.name: ""}).iterator():
                stored = getattr(obj, field.name)
                with stored.open("rb") as fh:
                    key = f"{model._meta.label}:{obj.pk}:{field.name}"
                    files[key] = hashlib.sha256(fh.read()).hexdigest()
    return {"counts": counts, "files": files}


def ensure_root_collection():
    """A transactional test's flush removes the root collection Wagtail's migration made."""
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


def make_content():
    ensure_root_collection()
    UserFactory(username="registrar")
    for i in range(3):
        content = ContentFile(f"%PDF-1.4 order {i}".encode(), name=f"z{i}.pdf")
        Document.objects.create(title=f"Заповед {i}", file=content)
    TaskFailure.objects.create(task_id="t-1", task_name="documents.render_pdf", exception="OSError")
    make_registry_content()


def make_registry_content():
    """Documents with attachments, receipts and journal entries, made through the registry's actions."""
    from documents import actions, tasks
    from documents.actors import PORTAL
    from tests.documents.factories import RegisterFactory
    from tests.documents.factories import UserFactory as RegistryUserFactory
    from tests.documents.samples import PDF, upload

    register = RegisterFactory(index="ОА-01", uri_index=1, name="Входящи документи")
    manager = RegistryUserFactory(username="manager", manager=True)
    clerk = RegistryUserFactory(username="clerk", clerk=True)
    for i in range(3):
        doc = actions.register_incoming(
            PORTAL, register=register, subject=f"Искане {i}", kind="application", channel="portal",
            correspondents=[{"name": f"Заявител {i}", "city": "Русе"}],
            files=[upload(f"molba-{i}.pdf", PDF + str(i).encode()), upload(f"prilojenie-{i}.pdf", PDF)],
        )
        tasks.render_receipt(doc.pk)
        actions.assign(manager, doc, assignee=clerk)


def journal_ok() -> None:
    from documents.journal import verify

    result = verify()
    assert result.ok, result.problem
    assert result.checked > 0

def drop_everything():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            # Full-text tables first: dropping one drops its shadow tables with it.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            virtual = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in virtual + [row[0] for row in cursor.fetchall()]:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')  # names come from the schema itself
            cursor.execute("PRAGMA foreign_keys = ON")
    for root in backup.file_roots().values():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == []


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.REGISTRY_AUTO_RECEIPT = False


def run_drill(tmp_path):
    make_content()
    journal_ok()
    before = snapshot()
    assert before["files"], "the drill needs files to compare"
    backups = tmp_path / "backups"
    call_command("backup", "--dir", str(backups))
    (made,) = backup.list_backups(backups)
    manifest = json.loads((made.path / "manifest.json").read_text())
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert set(manifest["files"]) == {database_file, "media.tar.gz", "private.tar.gz"}
    for name, meta in manifest["files"].items():
        assert backup.sha256_file(made.path / name) == meta["sha256"]

    drop_everything()
    call_command("restore", str(made.path))

    after = snapshot()
    assert after["counts"] == before["counts"]
    assert after["counts"]["documents.Attachment"] == 6
    assert after["files"] == before["files"]
    from documents.models import Attachment

    for attachment in Attachment.objects.all():
        with attachment.file.open("rb") as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == attachment.sha256
    journal_ok()
    call_command("verify_journal")


@pytest.mark.django_db(transaction=True)
def test_restore_drill_on_the_embedded_default(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL drill is below")
    run_drill(tmp_path)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_restore_drill_on_postgresql(tmp_path):
    run_drill(tmp_path)


@pytest.fixture
def one_backup(tmp_path, transactional_db):
    ensure_root_collection()
    Document.objects.create(title="Писмо", file=ContentFile(b"%PDF-1.4 letter", name="letter.pdf"))
    return backup.create_backup(tmp_path)


def test_damaged_backup_is_refused_before_anything_is_touched(one_backup):
    archive = one_backup.path / "media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum mismatch for media.tar.gz"):
        call_command("restore", str(one_backup.path))
    assert Document.objects.count() == 1  # nothing was touched


def test_backup_with_a_missing_file_is_refused(one_backup):
    db_file = next(p for p in one_backup.path.iterdir() if p.name.startswith("database."))
    db_file.unlink()
    with pytest.raises(CommandError, match=f"{db_file.name} is missing"):
        call_command("restore", str(one_backup.path))


def test_folder_without_manifest_is_refused(tmp_path, db):
    (tmp_path / "20261130T010000Z").mkdir()
    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", str(tmp_path / "20261130T010000Z"))


def test_restore_refuses_a_database_that_is_not_empty(one_backup):
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(one_backup.path))


def test_check_only_verifies(one_backup, capsys):
    call_command("restore", str(one_backup.path), "--check")
    assert "checksums match" in capsys.readouterr().out


def _fake_backup(root: Path, when: datetime) -> Path:
    path = root / when.strftime(backup.STAMP_FORMAT)
    path.mkdir()
    (path / "manifest.json").write_text(json.dumps({"format": 1, "files": {}}))
    return path


def test_retention_keeps_daily_weekly_monthly(tmp_path, settings):
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 7, 4, 6
    start = datetime(2026, 11, 30, 0, 15, tzinfo=UTC)
    made = [_fake_backup(tmp_path, start - timedelta(days=d)) for d in range(400)]  # one a night
    stale = tmp_path / ".20261129T001500Z.abc.partial"
    stale.mkdir()
    old = (datetime.now(UTC) - timedelta(days=2)).timestamp()
    import os

    os.utime(stale, (old, old))

    pruned = backup.prune_backups(tmp_path)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert stale in pruned and not stale.exists()
    assert made[0].name in kept and made[6].name in kept  # the last 7 nights
    assert made[7].name not in kept or made[7].name in {p.name for p in made[:40]}
    # 7 daily + at most 4 weekly + at most 6 monthly, overlapping: never more than 17, never fewer than 7
    assert 7 <= len(kept) <= 17
    months = {datetime.strptime(n, backup.STAMP_FORMAT).strftime("%Y-%m") for n in kept}
    assert len(months) == 6
    assert backup.prune_backups(tmp_path) == []  # idempotent


@pytest.mark.django_db(transaction=True)
def test_nightly_task_is_scheduled_and_backs_up(tmp_path, settings):
    from portal.tasks import nightly_backup

    entry = settings.CELERY_BEAT_SCHEDULE["portal-nightly-backup"]
    assert entry["task"] == "portal.nightly_backup"
    settings.BACKUP_DIR = tmp_path
    name = nightly_backup.apply().get()  # in-process, whatever the broker
    assert [b.name for b in backup.list_backups(tmp_path)] == [name]
