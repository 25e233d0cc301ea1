"""Anchors of the audit journal outside the database.

The hash chain (``documents.journal``) proves that nobody changed an entry *through Django*; someone with
write access to the database could still rewrite an entry and recompute every later hash and the stored
tip. So the tip — the last entry's id and hash — is also written where a database user cannot reach:
each backup's ``manifest.json`` (``portal.backup``) and a daily log line (``log_anchor``, beat). An anchor
is a promise that entry ``id`` had hash ``hash``; ``check()`` confirms the chain still keeps every promise.
A rewrite then has to reach the backups and the log archive too, which is a different set of keys.

We chose anchors over a keyed hash (HMAC): nothing changes in how entries are written or in existing
entries, no key has to be stored, rotated and kept off the database host, and an anchor can be checked by
anyone who holds a backup or the log.
"""

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from celery import shared_task

logger = logging.getLogger("documents.journal")

#: The log line ``log_anchor`` writes and ``read_file`` finds again (in plain or JSON logs alike).
LOG_FORMAT = "journal anchor: entry #%d sha256 %s"
LOG_PATTERN = re.compile(r"journal anchor: entry #(\d+) sha256 ([0-9a-f]{64})")
MANIFEST_KEY = "journal_anchor"


class AnchorError(Exception):
    """An anchor file cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    hash: str
    source: str  # where it was read: a file name, with the line for logs


def tip() -> dict | None:
    """The chain's tip as ``{"id", "hash"}`` (committed state), ``None`` while the journal is empty."""
    from documents.models import JournalHead

    head = JournalHead.objects.filter(pk=1).first()
    if head is None or not head.last_id:
        return None
    return {"id": head.last_id, "hash": head.last_hash}


def read_file(path: Path) -> list[Anchor]:
    """The anchors in a backup manifest (``manifest.json``) or a log file (lines as ``LOG_FORMAT``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise AnchorError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise AnchorError(f"{path} is not valid JSON: {exc}") from exc
        anchor = data.get(MANIFEST_KEY) if isinstance(data, dict) else None
        if anchor is None:
            return []  # a manifest from before anchors, or of an empty journal
        try:
            return [Anchor(int(anchor["id"]), str(anchor["hash"]), str(path))]
        except (KeyError, TypeError, ValueError) as exc:
            raise AnchorError(f"{path}: {MANIFEST_KEY} is malformed.") from exc
    return [
        Anchor(int(m.group(1)), m.group(2), f"{path}:{lineno}")
        for lineno, line in enumerate(text.splitlines(), start=1)
        if (m := LOG_PATTERN.search(line))
    ]


def backup_manifests(backup_dir: Path | None = None) -> list[Path]:
    """The manifests of the complete backups in ``BACKUP_DIR`` (oldest first)."""
    from portal.backup import MANIFEST, list_backups

    return [b.path / MANIFEST for b in reversed(list_backups(backup_dir))]


@dataclass
class CheckResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def check(anchors: list[Anchor]) -> CheckResult:
    """Whether every anchored (id, hash) is still in the journal. Run after ``journal.verify()`` passed:
    then a matching hash at an id proves every entry up to it is as it was when anchored."""
    from documents.models import JournalEntry

    anchors = sorted(anchors, key=lambda a: a.entry_id)
    current = dict(
        JournalEntry.objects.filter(pk__in={a.entry_id for a in anchors}).values_list("pk", "hash")
    )
    last_good = None
    for anchor in anchors:
        found = current.get(anchor.entry_id)
        if found == anchor.hash:
            last_good = anchor
            continue
        after = f" and after entry #{last_good.entry_id}" if last_good and last_good.entry_id else ""
        if found is None:
            problem = (
                f"entry #{anchor.entry_id} anchored in {anchor.source} is missing: the journal was cut "
                f"or rebuilt at or before it{after}"
            )
        else:
            problem = (
                f"entry #{anchor.entry_id} has hash {found[:16]}…, but {anchor.source} recorded "
                f"{anchor.hash[:16]}…: the journal was rewritten at or before entry #{anchor.entry_id}{after}"
            )
        return CheckResult(False, len(anchors), anchor.entry_id, problem)
    return CheckResult(True, len(anchors))


@shared_task(name="documents.log_journal_anchor")
def log_anchor() -> dict | None:
    """The daily log line with the journal's tip (beat); the log archive keeps it beyond the database."""
    current = tip()
    if current is not None:
        logger.info(LOG_FORMAT, current["id"], current["hash"])
    return current
