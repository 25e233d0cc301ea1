"""Listening to the registry: every change of an application's document becomes a step of the
applicant's timeline and an e-mail. The registry sends its signals after commit, with ids."""

import logging

from django.db import transaction
from django.utils import timezone

from services.models import ApplicationEvent, ServiceApplication

logger = logging.getLogger(__name__)

Kind = ApplicationEvent.Kind
STATUS_TO_EVENT = {
    "assigned": Kind.ASSIGNED,
    "in_progress": Kind.IN_PROGRESS,
    "info_requested": Kind.INFO_REQUESTED,
    "closed": Kind.CLOSED,
    "withdrawn": Kind.WITHDRAWN,
    # "answered" comes with the answer document from document_answered.
}


def _application(document_id):
    return ServiceApplication.objects.filter(document_id=document_id).first()


def _latest_note(document_id, action: str) -> str:
    """The note the clerk wrote with ``action`` (e.g. what information is missing), from the journal."""
    from documents.models import JournalEntry

    entry = JournalEntry.objects.filter(document_id=document_id, action=action).order_by("-at", "-pk").first()
    if entry and isinstance(entry.after, dict):
        return str(entry.after.get("note", "") or "")
    return ""


def add_event(application, kind, *, note="", related_document=None, notify=True) -> ApplicationEvent:
    event = ApplicationEvent.objects.create(
        application=application, kind=kind, at=timezone.now(), note=note, related_document=related_document
    )
    if notify:
        from services import tasks

        event_id = event.pk
        transaction.on_commit(lambda: tasks.notify_event.delay(event_id))
    return event


def on_status_changed(sender, *, document_id, old_status, new_status, action="", **kwargs):
    if old_status is None:  # the registration itself: the confirmation e-mail covers it
        return
    application = _application(document_id)
    if application is None or new_status not in STATUS_TO_EVENT:
        return
    note = ""
    if new_status == "info_requested":
        note = _latest_note(document_id, action or "request_information")
    add_event(application, STATUS_TO_EVENT[new_status], note=note)


def on_answered(sender, *, document_id, answer_id, **kwargs):
    application = _application(document_id)
    if application is None:
        return
    add_event(application, Kind.ANSWERED, related_document=_document(answer_id))


def on_cancelled(sender, *, document_id, reason="", **kwargs):
    application = _application(document_id)
    if application is not None:
        add_event(application, Kind.CANCELLED, note=reason or "")


def _document(document_id):
    from documents.models import Document

    return Document.objects.filter(pk=document_id).first()


def connect():
    from documents import signals

    signals.document_status_changed.connect(on_status_changed, dispatch_uid="services.status_changed")
    signals.document_answered.connect(on_answered, dispatch_uid="services.answered")
    signals.document_cancelled.connect(on_cancelled, dispatch_uid="services.cancelled")
