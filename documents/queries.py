"""Read-side helpers for screens: a document page, "my tasks", the dashboard panel. Fixed query counts."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from documents import journal, permissions
from documents.models import Document, Resolution


@dataclass
class DocumentPage:
    document: Document
    parties: list
    attachments: list
    resolutions: list
    timeline: list
    answers: list
    related: list
    generated_files: list


def document_page(document_id: int, user) -> DocumentPage:
    """Everything a document page shows, in 8 queries whatever the history; ``Http404``-style
    ``Document.DoesNotExist`` when ``user`` may not see it."""
    doc = permissions.visible_documents(
        user,
        Document.objects.select_related(
            "register", "assignee", "department", "case_file", "in_reply_to", "registered_by"
        ),
    ).get(pk=document_id)
    return DocumentPage(
        document=doc,
        parties=list(doc.parties.select_related("correspondent")),
        attachments=list(doc.attachments.all()),
        resolutions=list(
            Resolution.objects.filter(document=doc)
            .select_related("author", "controller", "completed_by")
            .prefetch_related(Prefetch("assignees"))
        ),
        timeline=list(journal.timeline(doc)),
        answers=list(doc.answers.select_related("register")),
        related=list(doc.related.select_related("register")),
        generated_files=list(doc.generated_files.all()),
    )


def my_documents(user):
    """Pending and information-requested documents assigned to ``user``, the nearest deadline first."""
    return (
        Document.objects.for_list()
        .active()
        .filter(assignee=user)
        .exclude(status=Document.Status.ANSWERED)
        .order_by("deadline", "id")
    )


def my_resolutions(user):
    """Open resolutions addressed to ``user`` on documents still worked on, the nearest deadline first."""
    return (
        Resolution.objects.filter(assignees=user, status=Resolution.Status.OPEN)
        .filter(document__is_cancelled=False, document__status__in=Document.Status.active())
        .select_related("document__register", "author")
        .order_by("deadline", "id")
    )


@dataclass
class Dashboard:
    received_today: int
    assigned_to_me: int
    overdue: int


def dashboard(user, today: datetime.date | None = None) -> Dashboard:
    """The counts of the dashboard panel, limited to what ``user`` may see (three indexed counts)."""
    today = today or timezone.localdate()
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=timezone.get_current_timezone())
    visible = permissions.visible_documents(user)
    return Dashboard(
        received_today=visible.filter(registered_at__gte=start, is_cancelled=False).count(),
        assigned_to_me=Document.objects.pending().filter(assignee=user).count()
        if getattr(user, "pk", None)
        else 0,
        overdue=visible.overdue(today).count(),
    )
