"""Internals of registering: correspondents, stored attachments, snapshots. Used only by ``actions``."""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

from documents.files import CheckedFile, check_upload
from documents.models import Attachment, Correspondent, Document, DocumentCorrespondent, Register
from portal.security import log_rejected_upload

#: Fields of a document the journal records before/after each change.
TRACKED = (
    "status",
    "assignee_id",
    "department_id",
    "deadline",
    "is_cancelled",
    "cancel_reason",
    "closed_at",
    "case_file_id",
    "in_reply_to_id",
    "subject",
    "kind",
    "channel",
)
CORRESPONDENT_FIELDS = ("kind", "name", "city", "address", "eik", "egn", "email", "phone")


def snapshot(obj, fields=TRACKED) -> dict:
    return {f: getattr(obj, f) for f in fields}


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def prepare_correspondents(register: Register, items) -> list[Correspondent]:
    """Turn ``items`` (``Correspondent`` instances or dicts of ``CORRESPONDENT_FIELDS``) into validated,
    unsaved-or-saved correspondents. Raises ``ValidationError`` (key ``correspondents``)."""
    result, errors = [], []
    for position, item in enumerate(items or (), start=1):
        if isinstance(item, Correspondent):
            result.append(item)
            continue
        unknown = set(item) - set(CORRESPONDENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown correspondent fields: {sorted(unknown)}")
        corr = Correspondent(**{k: (v or "").strip() if isinstance(v, str) else v for k, v in item.items()})
        if corr.egn and not register.requires_egn:
            errors.append(
                _("Correspondent %(n)s: register %(register)s does not store ЕГН; leave it out.")
                % {"n": position, "register": register.index}
            )
            continue
        try:
            corr.full_clean(exclude=["created_at"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = Correspondent._meta.get_field(field).verbose_name if field != "__all__" else ""
                for message in messages:
                    errors.append(
                        _("Correspondent %(n)s, %(field)s: %(message)s")
                        % {"n": position, "field": label, "message": message}
                    )
            continue
        result.append(corr)
    if errors:
        raise ValidationError({"correspondents": errors})
    return result


def save_parties(document: Document, correspondents: list[Correspondent], role: str) -> None:
    for corr in correspondents:
        if corr.pk is None:
            corr.save()
    DocumentCorrespondent.objects.bulk_create(
        [
            DocumentCorrespondent(document=document, correspondent=c, role=role, position=i)
            for i, c in enumerate(correspondents)
        ],
        ignore_conflicts=True,
    )
    names = "; ".join(c.display_name for c in correspondents)
    document.correspondent_names = names[:1000]


def check_files(register: Register, files) -> list[tuple[File, CheckedFile]]:
    """Check every file against the register's limits; all errors at once (key ``files``).

    Each refused file is an ``upload.rejected`` security event (the request, when there is one, is found by
    ``log_event`` itself: the actions calling this are not handed it)."""
    checked, errors = [], []
    for f in files or ():
        try:
            checked.append(
                (
                    f,
                    check_upload(
                        f, max_bytes=register.max_attachment_bytes, allowed_types=register.extensions
                    ),
                )
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
            log_rejected_upload(exc, f, register=register.pk)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def store_files(checked, saved_names: list[str]) -> list:
    """Write the checked files to private storage *before* the registering transaction (so the counter
    row is not locked while bytes are written). Their names go to ``saved_names`` so a caller that fails
    later can delete them. Returns ``[(stored_name, CheckedFile)]``."""
    from documents.models.documents import attachment_path
    from documents.storage import private_storage

    storage = private_storage()
    stored = []
    for upload, facts in checked:
        upload.seek(0)
        name = storage.save(attachment_path(None, facts.name), upload)
        saved_names.append(name)
        stored.append((name, facts))
    return stored


def create_attachments(document: Document, stored, user) -> list[Attachment]:
    """The attachment rows for files already stored by ``store_files``."""
    return Attachment.objects.bulk_create(
        [
            Attachment(
                document=document,
                file=name,
                original_name=facts.name,
                content_type=facts.content_type,
                size=facts.size,
                sha256=facts.sha256,
                uploaded_by=user,
            )
            for name, facts in stored
        ]
    )


def delete_files(names: list[str]) -> None:
    from documents.storage import private_storage

    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # the rollback matters more than a leftover file
            pass
