"""Shared helpers of the СЕОС operator commands."""

import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from documents.actors import SYSTEM
from documents.exchange.models import ExchangedDocument, Participant
from documents.exchange.wire.messages import normalize_guid


def actor(username: str | None):
    """The user a command acts as (``--user``), or the system actor."""
    if not username:
        return SYSTEM
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"no active user {username!r}") from exc


def participant(guid_or_eik: str) -> Participant:
    try:
        return Participant.objects.get(guid=normalize_guid(guid_or_eik))
    except (ValueError, Participant.DoesNotExist):
        found = list(Participant.objects.filter(eik=guid_or_eik)[:2])
        if len(found) == 1:
            return found[0]
    raise CommandError(f"no participant with GUID or ЕИК {guid_or_eik!r}")


def exchanged(direction: str, guid: str) -> ExchangedDocument:
    try:
        guid = normalize_guid(guid)
    except ValueError as exc:
        raise CommandError(f"not a DocumentGUID: {guid!r}") from exc
    found = list(ExchangedDocument.objects.filter(direction=direction, document_guid=guid)[:2])
    if len(found) != 1:
        raise CommandError(f"{len(found)} {direction} documents with DocumentGUID {guid}")
    return found[0]


def validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def describe(ed: ExchangedDocument) -> dict:
    doc = ed.document
    return {
        "direction": ed.direction,
        "document_guid": ed.document_guid,
        "participant": ed.participant.guid,
        "status": ed.status,
        "kind": ed.kind,
        "about": ed.about,
        "sender_number": ed.sender_number,
        "sender_date": ed.sender_date.isoformat() if ed.sender_date else None,
        "recipient_number": ed.recipient_number,
        "recipient_date": ed.recipient_date.isoformat() if ed.recipient_date else None,
        "parent_guid": ed.parent_guid,
        "parent_document": ed.parent.document.formatted_number if ed.parent and ed.parent.document else None,
        "registry_number": doc.formatted_number if doc else None,
        "related": sorted(d.formatted_number for d in doc.related.all()) if doc else [],
        "attachments": [a.file_name for a in ed.attachments.all()],
        "history": [h.status for h in ed.history.all()],
    }


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)
