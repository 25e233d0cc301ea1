"""Missing documents sent by the applicant: registered as a new incoming document, linked to the first."""

from django.db import transaction

from services.models import ApplicationEvent
from services.receivers import add_event


def register_supplement(application, form):
    from documents import actions
    from documents.actors import PORTAL
    from documents.models import Correspondent, Document
    from documents.registration import delete_files

    original = application.document
    senders = list(Correspondent.objects.filter(parties__document=original, parties__role="sender"))
    stored: list[str] = []
    try:
        with transaction.atomic():
            new = actions.register_incoming(
                PORTAL,
                register=original.register,
                subject=_subject(original, application),
                kind=Document.Kind.APPLICATION,
                channel=Document.Channel.PORTAL,
                correspondents=senders,
                files=form.cleaned_data["files"],
                note=form.cleaned_data.get("note", ""),
                deadline=original.deadline if original.deadline and original.deadline >= _today() else None,
            )
            stored = [a.file.name for a in new.attachments.all()]
            actions.link_related(PORTAL, new, original)
            add_event(application, ApplicationEvent.Kind.INFO_PROVIDED, related_document=new)
            actions.resume(
                PORTAL,
                original,
                note=f"Заявителят представи допълнителни документи с вх. № {new.formatted_number}",
            )
    except BaseException:
        delete_files(stored)
        raise
    return new


def _subject(original, application) -> str:
    return f"Допълнителни документи към {original.formatted_number}: {application.service_title}"[:1000]


def _today():
    from django.utils import timezone

    return timezone.localdate()
