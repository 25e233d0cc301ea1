"""Turning a valid online application into an incoming document, in one transaction.

``submit()`` registers the incoming document through ``documents.actions.register_incoming`` (actor: the
portal, channel: portal) with the applicant as correspondent and the checked files, then stores the
``ServiceApplication`` beside it. Anything that fails rolls everything back, the number included (the
counter row is part of the same transaction), and the files already written are removed again.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from services import access
from services.choices import ApplicantKind
from services.deadlines import expected_completion
from services.models import ApplicationEvent, ServiceApplication

logger = logging.getLogger(__name__)


@dataclass
class Submitted:
    application: ServiceApplication
    access_code: str


def _correspondent(data) -> dict:
    if data["applicant_kind"] == ApplicantKind.COMPANY:
        return {
            "kind": "organisation",
            "name": data["company_name"],
            "eik": data["eik"],
            "address": data["address"],
            "email": data["email"],
            "phone": data["phone"],
        }
    return {
        "kind": "person",
        "name": data["full_name"],
        "address": data["address"],
        "email": data["email"],
        "phone": data["phone"],
    }


def _subject(page, data) -> str:
    subject = f"{page.document_type_name}: {page.title}"
    if data["applicant_kind"] == ApplicantKind.COMPANY:
        subject += f" (подадено от {data['full_name']})"
    return subject[:1000]


def registry_note(page, term, data, answers) -> str:
    """What the clerk reads on the registry's document page: the service, the choices, the answers."""
    from services.templatetags.services_tags import eur, term_text

    with translation.override("bg"):
        lines = [
            f"Онлайн заявление за услуга: {page.title}"
            + (f" (ИИСДА № {page.iisda_number})" if page.iisda_number else "")
        ]
        choice = f"{term.get_kind_display()}, {term_text(term)}"
        if not page.is_free:
            choice += f", {eur(term.fee_eur)}"
        lines.append(f"Вид на услугата: {choice}")
        methods = dict(page._meta.get_field("result_methods").choices_list)
        lines.append(f"Получаване на резултата: {methods.get(data['result_method'], data['result_method'])}")
        if data["applicant_kind"] == ApplicantKind.COMPANY:
            lines.append(
                f"Подава от името на: {data['company_name']}, ЕИК {data['eik']}; лице: {data['full_name']}"
            )
        for answer in answers:
            lines.append(f"{answer['label']}: {answer['value']}")
    return "\n".join(str(line) for line in lines)


def submit(page, forms) -> Submitted:
    """Register the application of ``forms`` (valid ``ApplicationForms``) for ``page``; raises on failure."""
    from documents import actions
    from documents.actors import PORTAL
    from documents.models import Document
    from documents.registration import delete_files

    data = forms.applicant.cleaned_data
    term = page.get_term(data["term"])
    code = access.generate_code()
    files = [uploaded for uploaded, _checked, _name in forms.checked_files]
    now = timezone.now()
    expected_on = expected_completion(term.duration, term.unit, now)
    answers = forms.questions.answers()
    stored: list[str] = []
    try:
        with transaction.atomic():
            document = actions.register_incoming(
                PORTAL,
                register=page.application_register,
                subject=_subject(page, data),
                kind=Document.Kind.APPLICATION,
                channel=Document.Channel.PORTAL,
                correspondents=[_correspondent(data)],
                files=files,
                deadline=expected_on,
                note=registry_note(page, term, data, answers),
            )
            stored = [a.file.name for a in document.attachments.all()]
            application = ServiceApplication.objects.create(
                service=page,
                service_title=page.title,
                iisda_number=page.iisda_number,
                document_type_name=page.document_type_name,
                document=document,
                incoming_number=document.formatted_number,
                number_key=access.number_key(document.formatted_number),
                number_short_key=access.number_short_key(document.formatted_number),
                submitted_at=document.registered_at,
                applicant_kind=data["applicant_kind"],
                applicant_name=data["full_name"],
                company_name=data["company_name"],
                eik=data["eik"],
                email=data["email"],
                phone=data["phone"],
                address=data["address"],
                language=translation.get_language() or "bg",
                term_kind=term.kind,
                term_duration=term.duration,
                term_unit=term.unit,
                fee_eur=None if page.is_free else term.fee_eur,
                result_method=data["result_method"],
                expected_on=expected_on,
                answers=answers,
                access_code_hash=access.hash_code(code),
                access_code_hint=access.code_hint(code),
            )
            ApplicationEvent.objects.bulk_create(
                [
                    ApplicationEvent(application=application, kind=ApplicationEvent.Kind.RECEIVED, at=now),
                    ApplicationEvent(
                        application=application,
                        kind=ApplicationEvent.Kind.REGISTERED,
                        at=document.registered_at,
                        notified_at=document.registered_at,  # the receipt e-mail says so
                    ),
                ]
            )
            application_id = application.pk
            transaction.on_commit(lambda: _after_commit(application_id))
    except BaseException:
        delete_files(stored)
        raise
    return Submitted(application=application, access_code=code)


def _after_commit(application_id: int) -> None:
    from services import tasks

    tasks.send_confirmation.delay(application_id)
