"""Celery tasks of the e-services: receipt PDF, confirmation e-mail, status e-mails. Ids in, idempotent."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from services.models import ApplicationEvent, ServiceApplication

logger = logging.getLogger(__name__)


def ensure_receipt(application_id: int) -> ServiceApplication:
    """Render and store the receipt once; later calls return the stored one."""
    from services.receipt import render_receipt_pdf, sha256

    application = ServiceApplication.objects.get(pk=application_id)
    if application.receipt_pdf or application.anonymised_at:  # anonymised: the stored SHA-256 still verifies
        return application
    pdf = render_receipt_pdf(
        ServiceApplication.objects.select_related("document__register").get(pk=application_id)
    )
    with transaction.atomic():
        application = ServiceApplication.objects.select_for_update().get(pk=application_id)
        if application.receipt_pdf:  # a concurrent run stored it first: keep theirs
            return application
        application.receipt_pdf.save(f"{application.public_id}.pdf", ContentFile(pdf), save=False)
        application.receipt_sha256 = sha256(pdf)
        application.receipt_rendered_at = timezone.now()
        application.save(update_fields=["receipt_pdf", "receipt_sha256", "receipt_rendered_at"])
    return application


@shared_task
def render_receipt(application_id: int) -> str:
    return ensure_receipt(application_id).receipt_sha256


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_confirmation(application_id: int) -> bool:
    """The e-mail with the receipt attached; sent once."""
    from services.notifications import send_confirmation_email

    application = ensure_receipt(application_id)
    if application.confirmation_sent_at:
        return False
    send_confirmation_email(application)
    ServiceApplication.objects.filter(pk=application_id).update(confirmation_sent_at=timezone.now())
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_event(event_id: int) -> bool:
    """The e-mail about one step of the timeline; sent once."""
    from services.notifications import send_event_email

    event = ApplicationEvent.objects.select_related("application").get(pk=event_id)
    if event.notified_at:
        return False
    send_event_email(event)
    ApplicationEvent.objects.filter(pk=event_id).update(notified_at=timezone.now())
    return True
