"""The audit journal: ``record()`` appends a hash-chained entry, ``verify()`` checks the whole chain.

Each entry's ``hash`` is SHA-256 over a canonical JSON of its content and the previous entry's hash, so
changing or deleting any earlier entry breaks the chain from there on; the singleton ``JournalHead`` row
keeps the tip, so cutting entries off the end is detected too. ``record()`` locks the head row
(``select_for_update``) inside the caller's transaction: concurrent writers append one after another and
the chain stays linear on PostgreSQL and SQLite alike. Call it as the last step of an action so the lock is
held only briefly.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from documents.models import JournalEntry, JournalHead

GENESIS = "0" * 64


def _default(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def normalise(data):
    """JSON-safe copy of ``data`` (dates as ISO strings, model instances as pks)."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_default, ensure_ascii=False))


def compute_hash(entry: JournalEntry) -> str:
    payload = {
        "prev": entry.prev_hash,
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "actor": entry.actor_label,
        "action": entry.action,
        "type": entry.object_type,
        "id": entry.object_id,
        "repr": entry.object_repr,
        "document": entry.document_id,
        "before": entry.before,
        "after": entry.after,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def actor_label(actor) -> str:
    from documents.actors import SystemActor

    if isinstance(actor, SystemActor):
        return f"system:{actor.code}"
    if actor is None:
        return "system:anonymous"
    return actor.get_username()


def _lock_head() -> JournalHead:
    # A (no-op) write first: it takes the row lock on PostgreSQL and SQLite's write lock at once
    # (select_for_update is a no-op on SQLite, and a read-then-write there could fail with "locked").
    if not JournalHead.objects.filter(pk=1).update(last_id=F("last_id")):
        JournalHead.objects.get_or_create(pk=1)  # the very first entry
    return JournalHead.objects.select_for_update().get(pk=1)


def record(actor, action: str, obj, before=None, after=None, *, document=None) -> JournalEntry:
    """Append one entry: ``actor`` (a user or a ``SystemActor``) did ``action`` to ``obj``.

    ``before``/``after`` are dicts of the changed fields (JSON-normalised). ``document`` defaults to ``obj``
    itself when it is a Document, or ``obj.document``. Runs in the caller's transaction (opens one if none).
    """
    from documents.actors import SystemActor
    from documents.models import Document

    if document is None:
        document = obj if isinstance(obj, Document) else getattr(obj, "document", None)
    with transaction.atomic():
        head = _lock_head()
        entry = JournalEntry(
            actor=None if isinstance(actor, SystemActor) or actor is None else actor,
            actor_label=actor_label(actor),
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            object_repr=str(obj)[:200] if obj is not None else "",
            document=document,
            at=timezone.now(),
            before=normalise(before),
            after=normalise(after),
            prev_hash=head.last_hash,
        )
        entry.hash = compute_hash(entry)
        entry.save()
        JournalHead.objects.filter(pk=1).update(last_id=entry.pk, last_hash=entry.hash, count=head.count + 1)
    return entry


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def verify(batch_size: int = 2000) -> VerifyResult:
    """Walk the chain in id order; report the first entry that does not fit."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(JournalEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != prev:
                return VerifyResult(
                    False,
                    checked,
                    entry.pk,
                    "previous hash does not match (an entry before it was changed or deleted)",
                )
            if compute_hash(entry) != entry.hash:
                return VerifyResult(False, checked, entry.pk, "content does not match its hash (changed)")
            prev = entry.hash
            checked += 1
            last_id = entry.pk
    head = JournalHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != checked):
        return VerifyResult(
            False,
            checked,
            head.last_id or None,
            f"the chain ends early: {head.count} entries recorded, {checked} found",
        )
    return VerifyResult(True, checked)


def timeline(document):
    """The journal entries about ``document`` (it, its attachments and resolutions), oldest first."""
    return JournalEntry.objects.filter(document=document).select_related("actor").order_by("id")
