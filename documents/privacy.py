"""Removing a data subject's personal data from registry documents whose retention period ran out.

The registry keeps the record itself — number, register, subject, kind, channel, dates, status, links and the
journal — because the numbers are permanent and referred to from elsewhere. What it drops is what identifies
or describes the person: the sender's contact data (the ``Correspondent``), the note (for online applications
it holds the form answers), the content of the files the sender brought (the rows stay with size and SHA-256,
as proof of what was received, under a neutral name) and the registration receipt addressed to them.

The caller (e.g. the e-services app) decides *when*; this module only knows *how*, so the registry needs to
know nothing about the callers. The journal entry lists what was removed, never the removed values: the
journal is append-only and hash-chained, so nothing personal may be written into it.
"""

import re

from django.db import transaction

from documents import journal
from documents.models import Correspondent, Document, DocumentCorrespondent, GeneratedFile

#: What an anonymised correspondent is called in lists and on documents.
ANONYMISED_NAME = "[анонимизиран]"
_CLEARED = ("city", "address", "egn", "email", "phone")
_SOLE_TRADER = re.compile(r"^(ЕТ|ET)\b", re.IGNORECASE)


def is_personal(correspondent: Correspondent) -> bool:
    """Whether the correspondent's name and EIK identify a natural person: a person, or a sole trader
    (ЕТ, named after its owner). Companies and administrations keep their name and EIK (public registers)."""
    if correspondent.kind == Correspondent.Kind.PERSON:
        return True
    return correspondent.kind == Correspondent.Kind.ORGANISATION and bool(
        _SOLE_TRADER.match(correspondent.name.strip())
    )


def _anonymise_correspondent(corr: Correspondent) -> list[str]:
    """Blank the personal fields of ``corr``; returns the names of the fields that held something."""
    changed = [f for f in _CLEARED if getattr(corr, f)]
    for field in _CLEARED:
        setattr(corr, field, "")
    if is_personal(corr):
        if corr.name != ANONYMISED_NAME:
            changed.append("name")
        if corr.eik:
            changed.append("eik")
        corr.name, corr.eik = ANONYMISED_NAME, ""
    corr.save(update_fields=[*_CLEARED, "name", "eik"])
    return changed


def _shared_elsewhere(corr: Correspondent, documents: set[int]) -> bool:
    """The correspondent is also a party to an open document outside ``documents`` and their answers: that
    matter still needs the contact data, so it stays until that document is anonymised too."""
    return (
        Document.objects.filter(
            parties__correspondent=corr, status__in=Document.Status.active(), is_cancelled=False
        )
        .exclude(pk__in=documents)
        .exclude(in_reply_to__in=documents)
        .exists()
    )


def _refresh_names(correspondents) -> None:
    ids = {c.pk for c in correspondents}
    for doc in Document.objects.filter(parties__correspondent__in=ids).distinct():
        parties = doc.parties.select_related("correspondent").order_by("position")
        names = "; ".join(p.correspondent.display_name for p in parties)
        Document.objects.filter(pk=doc.pk).update(correspondent_names=names[:1000])


def _drop_files(doc: Document) -> tuple[int, list[str]]:
    """Empty the sender's attachments and the receipt; returns (count, stored names to delete on commit)."""
    names = []
    # Files uploaded by staff (scans, annotations) are the administration's; the sender's came in through a
    # system actor (the portal, СЕОС, the desk's scanner account is a user and keeps its files).
    attachments = list(doc.attachments.exclude(file="").filter(uploaded_by=None))
    for position, att in enumerate(attachments, start=1):
        names.append(att.file.name)
        ext = att.original_name.rsplit(".", 1)[-1].lower() if "." in att.original_name else "bin"
        att.file, att.original_name = "", f"file-{position}.{ext}"
        att.save(update_fields=["file", "original_name"])
    receipts = list(GeneratedFile.objects.filter(document=doc, kind=GeneratedFile.Kind.RECEIPT))
    names += [g.file.name for g in receipts if g.file]
    GeneratedFile.objects.filter(pk__in=[g.pk for g in receipts]).delete()
    return len(attachments) + len(receipts), names


def _delete_stored(names: list[str]) -> None:
    from documents.storage import private_storage

    storage = private_storage()
    for name in names:
        storage.delete(name)


def anonymise_senders(actor, documents, *, reason: str) -> int:
    """Remove the senders' personal data from incoming ``documents`` (one matter: an application and the
    documents the same person sent for it) and journal one ``anonymise`` entry per document.

    Files are deleted from storage after commit, so a rollback leaves them in place. Returns how many
    documents were changed; calling it again changes nothing new (the entry is still written, so callers
    should skip what they already anonymised).
    """
    documents = list(documents)
    ids = {d.pk for d in documents}
    stored: list[str] = []
    with transaction.atomic():
        senders = {
            p.correspondent_id: p.correspondent
            for p in DocumentCorrespondent.objects.filter(
                document__in=ids, role=DocumentCorrespondent.Role.SENDER
            ).select_related("correspondent")
        }
        changed_parties: dict[int, list[str]] = {}
        kept: list[int] = []
        for corr in senders.values():
            if _shared_elsewhere(corr, ids):
                kept.append(corr.pk)
            else:
                changed_parties[corr.pk] = _anonymise_correspondent(corr)
        _refresh_names(senders.values())
        for doc in Document.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            Document.objects.filter(pk=doc.pk).update(note="")
            files, names = _drop_files(doc)
            stored += names
            mine = [pk for pk in senders if doc.parties.filter(correspondent_id=pk).exists()]
            journal.record(
                actor,
                "anonymise",
                doc,
                None,
                {
                    "note": reason,
                    # correspondent id -> names of the fields that were emptied (never their values)
                    "correspondents": {str(pk): changed_parties[pk] for pk in mine if pk in changed_parties},
                    "kept_correspondents": [pk for pk in mine if pk in kept],
                    "files_removed": files,
                },
            )
        transaction.on_commit(lambda: _delete_stored(stored))
    return len(ids)


def export_correspondents(email: str) -> list[dict]:
    """The registry's correspondents with this e-mail (any case) and the documents they are party to."""
    found = Correspondent.objects.filter(email__iexact=email.strip()).prefetch_related("parties__document")
    return [
        {
            "kind": c.kind,
            "name": c.name,
            "city": c.city,
            "address": c.address,
            "eik": c.eik,
            "egn": c.masked_egn,  # the full ЕГН is never exported by e-mail request
            "email": c.email,
            "phone": c.phone,
            "documents": [
                {
                    "number": p.document.formatted_number,
                    "role": p.role,
                    "subject": p.document.subject,
                    "registered_at": p.document.registered_at.isoformat(),
                    "status": p.document.status,
                }
                for p in c.parties.all()
            ],
        }
        for c in found
    ]
