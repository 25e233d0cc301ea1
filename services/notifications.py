"""E-mails to applicants, in the language they applied in. Plain text, no personal data beyond theirs."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from services.receipt import tracking_url, verification_url


def _send(application, subject: str, template: str, context: dict, attachments=()):
    body = render_to_string(template, {"application": application, **context})
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.email],
    )
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def send_confirmation_email(application) -> None:
    with translation.override(application.language or "bg"):
        application.receipt_pdf.open("rb")
        try:
            pdf = application.receipt_pdf.read()
        finally:
            application.receipt_pdf.close()
        _send(
            application,
            _("Application received: %(number)s") % {"number": application.incoming_number},
            "services/email/confirmation.txt",
            {"track_url": tracking_url(application), "verify_url": verification_url(application)},
            attachments=[(f"potvarzhdenie-{application.public_id}.pdf", pdf, "application/pdf")],
        )


def send_event_email(event) -> None:
    application = event.application
    with translation.override(application.language or "bg"):
        _send(
            application,
            _("Your application %(number)s: %(status)s")
            % {"number": application.incoming_number, "status": event.get_kind_display().lower()},
            "services/email/status.txt",
            {"event": event, "track_url": tracking_url(application)},
        )
