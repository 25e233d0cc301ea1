"""Backups that restore: the drill (backup → drop everything → restore → same data), damage refused,
retention pruning, the nightly task."""

import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
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
    journal_verify = _journal_verify()
    if journal_verify is not None:
        _make_registry_content()


def _journal_verify():
    """documents.journal.verify once the registry has it (the drill then proves the journal survives)."""
    try:
        from documents import journal
    except ImportError:
        return None
    return getattr(journal, "verify", None)


def _make_registry_content():
    try:
        from tests.documents import factories
    except ImportError:
        return
    maker = getattr(factories, "make_documents_with_attachments", None)
    if maker is not None:
        maker(3)


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
    media = Path(settings.MEDIA_ROOT)
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    with connection.cursor() as cursor:
        assert connection.introspection.table_names(cursor) == []


def run_drill(tmp_path):
    make_content()
    before = snapshot()
    assert before["files"], "the drill needs files to compare"
    call_command("backup", "--dir", str(tmp_path))
    (made,) = backup.list_backups(tmp_path)
    manifest = json.loads((made.path / "manifest.json").read_text())
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert set(manifest["files"]) == {database_file, "media.tar.gz"}
    for name, meta in manifest["files"].items():
        assert backup.sha256_file(made.path / name) == meta["sha256"]

    drop_everything()
    call_command("restore", str(made.path))

    after = snapshot()
    assert after["counts"] == before["counts"]
    assert after["files"] == before["files"]
    verify = _journal_verify()
    if verify is not None:
        result = verify()
        assert getattr(result, "ok", result) not in (False, None)


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


def test_nightly_task_is_scheduled_and_backs_up(transactional_db, tmp_path, settings):
    from portal.tasks import nightly_backup

    entry = settings.CELERY_BEAT_SCHEDULE["portal-nightly-backup"]
    assert entry["task"] == "portal.nightly_backup"
    settings.BACKUP_DIR = tmp_path
    name = nightly_backup.delay().get()
    assert [b.name for b in backup.list_backups(tmp_path)] == [name]
