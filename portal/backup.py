"""Backups that restore: the database and the media files, with a manifest of SHA-256 sums.

A backup is a folder ``BACKUP_DIR/<UTC timestamp>/`` holding

- ``database.dump``   PostgreSQL custom-format dump (``pg_dump -Fc``: one consistent snapshot), or
  ``database.sqlite3`` an SQLite copy made with SQLite's online backup API (consistent while in use);
- ``media.tar.gz``    every file under MEDIA_ROOT, and ``private.tar.gz`` every file under PRIVATE_MEDIA_ROOT
  (the registry's attachments), both taken *after* the database, so every file a row names is in them;
- ``manifest.json``   format, time, engine, versions, the size and SHA-256 of each file, and the audit
  journal's tip (``journal_anchor``: id and hash, read before the dump) so that ``verify_journal`` can
  later prove the chain was not rewritten inside the database (``documents.anchors``).

It is written under a ``.partial`` name and renamed when complete, so a folder without that suffix is a
whole backup. ``restore`` checks every sum before it touches anything and refuses a damaged backup.
"""

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections

logger = logging.getLogger("portal.backup")

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PRIVATE_ARCHIVE = "private.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup could not be made or is not fit to restore; the message says why in plain words."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    manifest: dict

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def size(self) -> int:
        return sum(f["size"] for f in self.manifest.get("files", {}).values())


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _engine(alias: str = "default") -> str:
    engine = connections[alias].settings_dict["ENGINE"]
    if engine == "django.db.backends.postgresql":
        return "postgresql"
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_args_env(alias: str = "default") -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore; the password goes through the environment only."""
    db = connections[alias].settings_dict
    args = []
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    args += ["-d", db["NAME"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=6 * 3600)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{cmd[0]} is not installed (postgresql-client).") from exc
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _versions() -> dict:
    import django
    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__}


def _dump_database(target_dir: Path, alias: str = "default") -> str:
    engine = _engine(alias)
    if engine == "postgresql":
        args, env = _pg_args_env(alias)
        out = target_dir / PG_DUMP
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(out), *args], env, "pg_dump")
        return PG_DUMP
    out = target_dir / SQLITE_COPY
    connection = connections[alias]
    if connection.in_atomic_block:
        # SQLite's backup API would wait forever for this connection's own open transaction.
        raise BackupError("A backup cannot be made inside a database transaction.")
    connection.ensure_connection()
    dest = sqlite3.connect(out)
    try:
        connection.connection.backup(dest)  # works for a file and for the in-memory test database alike
    finally:
        dest.close()
    return SQLITE_COPY


def file_roots() -> dict[str, Path]:
    """Archive name → folder: public media, and the registry's private files when the project has them."""
    roots = {MEDIA_ARCHIVE: Path(settings.MEDIA_ROOT)}
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if private:
        roots[PRIVATE_ARCHIVE] = Path(private)
    return roots


def _archive(root: Path, out: Path) -> None:
    with tarfile.open(out, "w:gz") as tar:
        if root.is_dir():
            for entry in sorted(root.iterdir()):
                tar.add(entry, arcname=entry.name)


def _journal_anchor() -> dict | None:
    """The registry journal's tip when the registry is installed (``portal`` does not depend on it)."""
    from django.apps import apps

    if not apps.is_installed("documents"):
        return None
    from documents.anchors import tip

    return tip()


def create_backup(backup_dir: Path | None = None, now: datetime | None = None) -> BackupInfo:
    """Make a complete backup and return it; nothing half-made is left under a final name."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True)
    now = (now or datetime.now(UTC)).astimezone(UTC)
    name = now.strftime(STAMP_FORMAT)
    final = backup_dir / name
    if final.exists():
        raise BackupError(f"A backup named {name} already exists.")
    partial = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=backup_dir))
    try:
        anchor = _journal_anchor()  # before the dump: the anchored entry is certainly in it
        files = [_dump_database(partial)]
        for archive_name, root in file_roots().items():
            _archive(root, partial / archive_name)
            files.append(archive_name)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": _engine(),
            "versions": _versions(),
            "files": {
                f: {"size": (partial / f).stat().st_size, "sha256": sha256_file(partial / f)} for f in files
            },
        }
        if anchor is not None:
            manifest["journal_anchor"] = anchor
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        os.chmod(partial, 0o700)  # database dumps hold personal data: owner only
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    logger.info("backup %s written (%d bytes)", name, sum(f["size"] for f in manifest["files"].values()))
    return BackupInfo(final, now, manifest)


def read_manifest(path: Path) -> dict:
    manifest_path = Path(path) / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} is not a backup: {MANIFEST} is missing.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise BackupError(f"{MANIFEST} in {path} cannot be read: {exc}") from exc
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{MANIFEST} in {path} has an unknown format.")
    return manifest


def verify_backup(path: Path) -> dict:
    """Check every file against the manifest; raise BackupError naming the first problem."""
    path = Path(path)
    manifest = read_manifest(path)
    expected_db = PG_DUMP if manifest.get("engine") == "postgresql" else SQLITE_COPY
    for required in (expected_db, *file_roots()):
        if required not in manifest["files"]:
            raise BackupError(f"The manifest does not list {required}.")
    for name, meta in manifest["files"].items():
        file_path = path / name
        if not file_path.is_file():
            raise BackupError(f"The backup is damaged: {name} is missing.")
        if file_path.stat().st_size != meta["size"] or sha256_file(file_path) != meta["sha256"]:
            raise BackupError(f"The backup is damaged: checksum mismatch for {name}.")
    return manifest


def _database_is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _is_empty(root: Path) -> bool:
    return not root.exists() or not any(root.iterdir())


def restore_backup(path: Path, alias: str = "default") -> dict:
    """Restore a verified backup onto an empty database and an empty media directory."""
    path = Path(path)
    manifest = verify_backup(path)
    engine = _engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the target is {engine}.")
    if not _database_is_empty(alias):
        raise BackupError("The target database is not empty. Restore only onto a new, empty database.")
    for root in file_roots().values():
        if not _is_empty(root):
            raise BackupError(f"The file folder {root} is not empty. Restore onto empty storage.")

    if engine == "postgresql":
        args, env = _pg_args_env(alias)
        connections[alias].close()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              *args, str(path / PG_DUMP)], env, "pg_restore")
    else:
        connection = connections[alias]
        connection.ensure_connection()
        source = sqlite3.connect(path / SQLITE_COPY)
        try:
            source.backup(connection.connection)
        finally:
            source.close()

    for archive_name, root in file_roots().items():
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path / archive_name, "r:gz") as tar:
            tar.extractall(root, filter="data")  # no absolute paths, no "..", no device files
    logger.info("backup %s restored", path.name)
    return manifest


def list_backups(backup_dir: Path | None = None) -> list[BackupInfo]:
    """Complete backups, newest first (folders with a readable manifest only)."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    found = []
    for entry in backup_dir.iterdir():
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            created = datetime.strptime(entry.name, STAMP_FORMAT).replace(tzinfo=UTC)
            manifest = read_manifest(entry)
        except (ValueError, BackupError):
            continue
        found.append(BackupInfo(entry, created, manifest))
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def latest_backup(backup_dir: Path | None = None) -> BackupInfo | None:
    backups = list_backups(backup_dir)
    return backups[0] if backups else None


def backups_to_keep(backups: list[BackupInfo], daily: int, weekly: int, monthly: int) -> set[Path]:
    """Grandfather-father-son: the newest ``daily`` backups, plus the newest one of each of the last
    ``weekly`` ISO weeks and of each of the last ``monthly`` months that have one."""
    keep: set[Path] = {b.path for b in backups[:daily]}
    weeks: dict = {}
    months: dict = {}
    for backup in backups:  # newest first: the first seen in a week/month is its newest
        weeks.setdefault(backup.created_at.isocalendar()[:2], backup)
        months.setdefault((backup.created_at.year, backup.created_at.month), backup)
    keep |= {b.path for b in list(weeks.values())[:weekly]}
    keep |= {b.path for b in list(months.values())[:monthly]}
    return keep


def prune_backups(backup_dir: Path | None = None, dry_run: bool = False) -> list[Path]:
    """Delete backups the retention rule does not keep, and leftovers of interrupted runs (> 1 day old)."""
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backups = list_backups(backup_dir)
    keep = backups_to_keep(
        backups, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY
    )
    doomed = [b.path for b in backups if b.path not in keep]
    if backup_dir.is_dir():
        cutoff = datetime.now(UTC) - timedelta(days=1)
        for entry in backup_dir.glob(".*.partial"):
            if datetime.fromtimestamp(entry.stat().st_mtime, UTC) < cutoff:
                doomed.append(entry)
    if not dry_run:
        for path in doomed:
            shutil.rmtree(path, ignore_errors=True)
            logger.info("backup %s pruned", path.name)
    return doomed
