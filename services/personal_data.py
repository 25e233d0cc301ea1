"""The e-services' part of the personal-data hooks (``portal.personal_data``): export and anonymisation.

Export: every online application whose applicant e-mail matches (case-insensitively), with its number,
service, dates, status, answers, the names of the files sent and the applicant's timeline.

Anonymisation: an application is due when its incoming document is final — closed (also answered and
closed), withdrawn, or cancelled — and that happened more than its service's ``retention_days`` ago (the
``SERVICES_RETENTION_DAYS`` default when the service sets none or was deleted). Then:

* the application loses the applicant's name, e-mail, phone, address, the form answers, the timeline notes,
  the stored receipt PDF and the access code (tracking it is no longer possible); a company's name and EIK
  stay (public register data) unless it is a sole trader (ЕТ, named after its owner). Number, service,
  dates, term, fee and the receipt's SHA-256 stay, so a receipt the applicant kept still verifies;
* its registry document and the additional documents the applicant sent for it go through
  ``documents.privacy.anonymise_senders``: they keep number, subject and dates, lose the sender's contact
  data, the note (which holds the answers) and the content of the applicant's files; the administration's
  own answers stay (they are its acts, kept by the archive rules);
* one ``anonymise`` journal entry per registry document, written by ``documents.privacy``: the journal is
  per document, so each document's own history says when and why its data went (a per-run entry would
  belong to no document's timeline).

``anonymised_at`` marks the application: a second run skips it (idempotent); ``dry_run`` only counts.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from documents.privacy import ANONYMISED_NAME  # one name for an anonymised person, registry and portal
from services.choices import ApplicantKind
from services.models import ApplicationEvent, ServiceApplication

logger = logging.getLogger(__name__)

# --- Export -----------------------------------------------------------------------------------------


def _files(application) -> list[dict]:
    from documents.models import Attachment

    docs = [application.document_id, *_supplement_ids(application)]
    return [
        {"document": a.document.formatted_number, "name": a.original_name, "size": a.size, "sha256": a.sha256}
        for a in Attachment.objects.filter(document__in=docs).select_related("document").order_by("pk")
    ]


def _export_one(application: ServiceApplication) -> dict:
    doc = application.document
    return {
        "incoming_number": application.incoming_number,
        "service": application.service_title,
        "iisda_number": application.iisda_number,
        "submitted_at": application.submitted_at.isoformat(),
        "status": doc.status,
        "cancelled": doc.is_cancelled,
        "closed_at": doc.closed_at and doc.closed_at.isoformat(),
        "applicant_kind": application.applicant_kind,
        "applicant_name": application.applicant_name,
        "company_name": application.company_name,
        "eik": application.eik,
        "email": application.email,
        "phone": application.phone,
        "address": application.address,
        "language": application.language,
        "result_method": application.result_method,
        "answers": application.answers,
        "files": _files(application),
        "timeline": [
            {"kind": e.kind, "at": e.at.isoformat(), "note": e.note} for e in application.events.all()
        ],
        "anonymised_at": application.anonymised_at and application.anonymised_at.isoformat(),
    }


def export_applications(email: str) -> list[dict]:
    """Every online application submitted with ``email`` (any letter case)."""
    applications = (
        ServiceApplication.objects.filter(email__iexact=email.strip())
        .select_related("document")
        .prefetch_related("events")
        .order_by("submitted_at")
    )
    return [_export_one(a) for a in applications]


# --- Anonymisation ----------------------------------------------------------------------------------


def _supplement_ids(application) -> list[int]:
    return list(
        application.events.filter(kind=ApplicationEvent.Kind.INFO_PROVIDED)
        .exclude(related_document=None)
        .values_list("related_document_id", flat=True)
    )


def closed_at(application) -> datetime.datetime | None:
    """When the application's document became final; None while it is still open."""
    from documents.models import Document, JournalEntry

    doc = application.document
    if doc.is_cancelled:
        return doc.cancelled_at or doc.updated_at
    if doc.status == Document.Status.CLOSED:
        return doc.closed_at or doc.updated_at
    if doc.status == Document.Status.WITHDRAWN:  # the withdraw action sets no date: the journal has it
        entry = JournalEntry.objects.filter(document=doc, action="withdraw").order_by("-at").first()
        return entry.at if entry else doc.updated_at
    return None


def retention_days(application) -> int:
    from services import conf

    if application.service is not None:
        return application.service.effective_retention_days
    return int(conf.get("RETENTION_DAYS"))


def due_applications(now: datetime.datetime) -> list[ServiceApplication]:
    """Applications not yet anonymised whose document is final and whose retention period is over."""
    from documents.models import Document

    final = Q(document__is_cancelled=True) | Q(
        document__status__in=[Document.Status.CLOSED, Document.Status.WITHDRAWN]
    )
    candidates = ServiceApplication.objects.filter(final, anonymised_at=None).select_related(
        "document", "service"
    )
    due = []
    for application in candidates.order_by("pk").iterator(chunk_size=500):
        closed = closed_at(application)
        if closed is not None and closed + datetime.timedelta(days=retention_days(application)) <= now:
            due.append(application)
    return due


def _personal_company(application) -> bool:
    from documents.models import Correspondent
    from documents.privacy import is_personal

    return application.applicant_kind == ApplicantKind.COMPANY and is_personal(
        Correspondent(kind=Correspondent.Kind.ORGANISATION, name=application.company_name)
    )


def anonymise_application(application_id: int, *, now: datetime.datetime | None = None) -> bool:
    """Remove the applicant's personal data from one application and its registry documents (one
    transaction). Returns False when it was already anonymised."""
    from documents.actors import SYSTEM
    from documents.models import Document
    from documents.privacy import anonymise_senders

    now = now or timezone.now()
    with transaction.atomic():
        application = ServiceApplication.objects.select_for_update().get(pk=application_id)
        if application.anonymised_at is not None:
            return False
        days = retention_days(application)
        documents = Document.objects.filter(pk__in=[application.document_id, *_supplement_ids(application)])
        anonymise_senders(
            SYSTEM,
            documents,
            reason=f"Изтече срокът за съхранение на личните данни: {days} дни след приключване "
            "на заявлението",
        )
        receipt = application.receipt_pdf.name
        application.applicant_name = ANONYMISED_NAME
        if _personal_company(application):
            application.company_name, application.eik = ANONYMISED_NAME, ""
        application.email = application.phone = application.address = ""
        application.answers = []
        application.access_code_hash = application.access_code_hint = ""
        application.receipt_pdf = ""
        application.anonymised_at = now
        application.save()
        application.events.exclude(note="").update(note="")
        if receipt:
            storage = application.receipt_pdf.storage
            transaction.on_commit(lambda: storage.delete(receipt))
    return True


def anonymise_closed(dry_run: bool = False) -> int:
    """The registered anonymiser: how many applications were (or, with ``dry_run``, would be) anonymised."""
    now = timezone.now()
    due = due_applications(now)
    if dry_run:
        return len(due)
    changed = sum(anonymise_application(a.pk, now=now) for a in due)
    logger.info("anonymised %s online applications past their retention period", changed)
    return changed


def register() -> None:
    from portal import personal_data

    personal_data.register_exporter("services.applications", export_applications)
    personal_data.register_anonymiser("services.applications", anonymise_closed)
