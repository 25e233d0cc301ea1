"""Celery tasks of the registry: they take ids, are idempotent, and are queued on commit by the actions.

Rendered files are stored once per key as ``GeneratedFile`` (private storage, SHA-256): running a task
again returns the stored file instead of making a second one.
"""

import csv
import datetime
import hashlib
import io
import logging
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from documents.deadlines import due_soon_limit
from documents.models import Document, GeneratedFile, Register, Resolution
from documents.pdf import render_pdf

logger = logging.getLogger(__name__)

ADMINISTRATION = {
    "name": "Областна администрация Русе",
    "country": "Република България",
    "address": "7000 Русе, пл. „Свобода“ № 6",
    "phone": "+359 82 812 200",
    "email": "oblast@ruse.government.bg",
    "signatory": "Областен управител",
}


def administration() -> dict:
    """The letterhead data (``settings.REGISTRY_ADMINISTRATION`` overrides the defaults)."""
    return ADMINISTRATION | getattr(settings, "REGISTRY_ADMINISTRATION", {})


def _store(
    key: str, kind: str, filename: str, content: bytes, content_type: str, *, document=None, register=None
) -> GeneratedFile:
    existing = GeneratedFile.objects.filter(key=key).first()
    if existing:
        return existing
    generated = GeneratedFile(
        key=key,
        kind=kind,
        document=document,
        register=register,
        filename=filename,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    generated.file.save(filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            generated.save()
    except IntegrityError:  # a concurrent run stored it first: keep theirs
        generated.file.delete(save=False)
        return GeneratedFile.objects.get(key=key)
    return generated


def _safe(number: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in number)


def _document(document_id: int) -> Document:
    return Document.objects.select_related("register", "registered_by", "in_reply_to").get(pk=document_id)


def _context(doc: Document) -> dict:
    parties = list(doc.parties.select_related("correspondent"))
    return {
        "doc": doc,
        "parties": parties,
        "attachments": list(doc.attachments.all()),
        "admin": administration(),
        "now": timezone.localtime(),
        "registered_at": timezone.localtime(doc.registered_at),
    }


@shared_task
def render_receipt(document_id: int) -> int:
    """The registration receipt of an incoming document (потвърждение за регистриране). Returns its id."""
    key = f"receipt:{document_id}"
    if existing := GeneratedFile.objects.filter(key=key).first():
        return existing.pk
    doc = _document(document_id)
    with translation.override("bg"):
        pdf = render_pdf("pdf/receipt.html", _context(doc))
    return _store(
        key,
        GeneratedFile.Kind.RECEIPT,
        f"receipt-{_safe(doc.formatted_number)}.pdf",
        pdf,
        "application/pdf",
        document=doc,
    ).pk


@shared_task
def render_letter(document_id: int) -> int:
    """An outgoing document as a letter on the administration's letterhead. Returns its id."""
    key = f"letter:{document_id}"
    if existing := GeneratedFile.objects.filter(key=key).first():
        return existing.pk
    doc = _document(document_id)
    with translation.override("bg"):
        pdf = render_pdf("pdf/letter.html", _context(doc))
    return _store(
        key,
        GeneratedFile.Kind.LETTER,
        f"letter-{_safe(doc.formatted_number)}.pdf",
        pdf,
        "application/pdf",
        document=doc,
    ).pk


def journal_documents(register: Register, date_from: datetime.date, date_to: datetime.date):
    """The documents of a register registered from ``date_from`` to ``date_to`` (local dates), by number."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return (
        Document.objects.filter(register=register, registered_at__gte=start, registered_at__lt=end)
        .select_related("assignee", "department")
        .order_by("registered_at", "number")
    )


def _journal_key(prefix: str, register: Register, date_from, date_to) -> str:
    # The key changes when a document in the range changes, so a journal is rendered again only then.
    facts = journal_documents(register, date_from, date_to).aggregate(
        n=Count("id"), changed=Max("updated_at")
    )
    stamp = facts["changed"].timestamp() if facts["changed"] else 0
    return f"{prefix}:{register.pk}:{date_from}:{date_to}:{facts['n']}:{stamp:.6f}"


def _dates(date_from, date_to) -> tuple[datetime.date, datetime.date]:
    as_date = lambda d: d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)  # noqa: E731
    return as_date(date_from), as_date(date_to)


@shared_task
def render_register_journal(register_id: int, date_from: str, date_to: str) -> int:
    """The register journal (деловоден дневник) for a date range, A4 landscape. Returns its id."""
    register = Register.objects.get(pk=register_id)
    date_from, date_to = _dates(date_from, date_to)
    key = _journal_key("journal_pdf", register, date_from, date_to)
    if existing := GeneratedFile.objects.filter(key=key).first():
        return existing.pk
    rows = list(journal_documents(register, date_from, date_to))
    with translation.override("bg"):
        pdf = render_pdf(
            "pdf/journal.html",
            {
                "register": register,
                "rows": rows,
                "date_from": date_from,
                "date_to": date_to,
                "admin": administration(),
                "now": timezone.localtime(),
            },
        )
    name = f"journal-{_safe(register.index)}-{date_from}-{date_to}.pdf"
    return _store(key, GeneratedFile.Kind.JOURNAL_PDF, name, pdf, "application/pdf", register=register).pk


JOURNAL_CSV_HEADER = [
    pgettext_lazy("register journal CSV", "Reg. No."),
    pgettext_lazy("register journal CSV", "Date and time"),
    pgettext_lazy("register journal CSV", "Kind"),
    pgettext_lazy("register journal CSV", "Channel"),
    pgettext_lazy("register journal CSV", "Correspondents"),
    pgettext_lazy("register journal CSV", "Subject"),
    pgettext_lazy("register journal CSV", "Assignee"),
    pgettext_lazy("register journal CSV", "Department"),
    pgettext_lazy("register journal CSV", "Deadline"),
    pgettext_lazy("register journal CSV", "Status"),
    pgettext_lazy("register journal CSV", "Cancelled"),
    pgettext_lazy("register journal CSV", "Reason"),
]


def journal_csv(register: Register, date_from: datetime.date, date_to: datetime.date) -> bytes:
    """The register journal as CSV (UTF-8 with BOM, so spreadsheet programs read Cyrillic)."""
    out = io.StringIO()
    writer = csv.writer(out)
    # The register journal is an official record: in Bulgarian, like its PDF, whoever exports it.
    with translation.override("bg"):
        writer.writerow([str(title) for title in JOURNAL_CSV_HEADER])
        cancelled = pgettext("register journal CSV", "yes")
        for doc in journal_documents(register, date_from, date_to).iterator(chunk_size=2000):
            writer.writerow(
                [
                    doc.formatted_number,
                    f"{timezone.localtime(doc.registered_at):%d.%m.%Y %H:%M}",
                    doc.get_kind_display(),
                    doc.get_channel_display(),
                    doc.correspondent_names,
                    doc.subject,
                    (doc.assignee.get_full_name() or doc.assignee.get_username()) if doc.assignee else "",
                    doc.department.name if doc.department else "",
                    f"{doc.deadline:%d.%m.%Y}" if doc.deadline else "",
                    doc.get_status_display(),
                    cancelled if doc.is_cancelled else "",
                    doc.cancel_reason,
                ]
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@shared_task
def export_journal_csv(register_id: int, date_from: str, date_to: str) -> int:
    """The register journal for a date range as CSV, stored. Returns its id."""
    register = Register.objects.get(pk=register_id)
    date_from, date_to = _dates(date_from, date_to)
    key = _journal_key("journal_csv", register, date_from, date_to)
    if existing := GeneratedFile.objects.filter(key=key).first():
        return existing.pk
    name = f"journal-{_safe(register.index)}-{date_from}-{date_to}.csv"
    return _store(
        key,
        GeneratedFile.Kind.JOURNAL_CSV,
        name,
        journal_csv(register, date_from, date_to),
        "text/csv; charset=utf-8",
        register=register,
    ).pk


def recipient_language(user) -> str:
    """The language of an e-mail to ``user``: their Wagtail admin language if they chose one, else the
    site's default (Bulgarian). Read only: no profile row is created for it."""
    try:
        preferred = user.wagtail_userprofile.preferred_language
    except ObjectDoesNotExist:
        preferred = ""
    languages = {code for code, _name in settings.LANGUAGES}
    return preferred if preferred in languages else settings.LANGUAGE_CODE


@shared_task
def notify_assignee(document_id: int) -> bool:
    """E-mail the assignee that a document was assigned to them (once per assignee and document)."""
    doc = Document.objects.select_related("assignee").get(pk=document_id)
    user = doc.assignee
    if (
        user is None
        or not user.email
        or not cache.add(f"documents:assigned:{doc.pk}:{user.pk}", 1, 86400 * 30)
    ):
        return False
    with translation.override(recipient_language(user)):
        body = render_to_string(
            "documents/email/assigned.txt", {"doc": doc, "user": user, "base_url": settings.BASE_URL}
        )
        subject = _("Document %(number)s assigned to you") % {"number": doc.formatted_number}
        send_mail(subject, body, None, [user.email])
    return True


@shared_task
def send_deadline_reminders(today: str | None = None) -> int:
    """Daily (beat): e-mail each assignee their due-soon and overdue documents and resolutions. Once per
    user and day. Returns the number of e-mails sent."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    limit = due_soon_limit(day)
    items: dict[int, dict] = defaultdict(lambda: {"overdue": [], "due_soon": [], "resolutions": []})
    users = {}
    docs = (
        Document.objects.pending()
        .filter(assignee__isnull=False, assignee__is_active=True, deadline__lte=limit)
        .select_related("assignee", "register")
        .order_by("deadline", "id")
    )
    for doc in docs:
        users[doc.assignee_id] = doc.assignee
        items[doc.assignee_id]["overdue" if doc.deadline < day else "due_soon"].append(doc)
    resolutions = (
        Resolution.objects.filter(status=Resolution.Status.OPEN, deadline__lte=limit)
        # Only while the document is worked on: one closed, withdrawn or cancelled is nobody's task.
        .filter(document__is_cancelled=False, document__status__in=Document.Status.active())
        .select_related("document")
        .prefetch_related("assignees")
        .order_by("deadline", "id")
    )
    for res in resolutions:
        for user in res.assignees.all():
            if user.is_active:
                users[user.pk] = user
                items[user.pk]["resolutions"].append(res)
    sent = 0
    for user_id, lists in items.items():
        user = users[user_id]
        if not user.email or not cache.add(f"documents:reminders:{day}:{user_id}", 1, 86400 * 2):
            continue
        with translation.override(recipient_language(user)):
            body = render_to_string(
                "documents/email/reminders.txt",
                {"user": user, "today": day, "base_url": settings.BASE_URL, **lists},
            )
            subject = _("Registry deadlines as of %(date)s") % {"date": f"{day:%d.%m.%Y}"}
            send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
