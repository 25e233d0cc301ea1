"""The receipt "Потвърждение за получаване" of an online application, as a PDF.

It carries what the RIO ReceiptAcknowledgedMessage (0009-000019) carries — provider, transport type,
the document's УРИ, the time of receipt, who registered it (here: automatically, the portal), the case
access identifier (only a hint: the code itself is shown once), applicant, document type — plus the
service, the attachments with their SHA-256, the expected completion date and the verification address
as a QR code, as text and as a link.
"""

import hashlib

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from services.choices import RESULT_METHOD_RIO_CODES, TERM_KIND_RIO_CODES

TRANSPORT_PORTAL = "0006-000001"  # "Уеб приложение" (RIO 0007-000001)


def verification_url(application) -> str:
    with translation.override(application.language or "bg"):
        path = reverse("services:verify", args=[application.verification_token])
    return f"{settings.BASE_URL}{path}"


def tracking_url(application) -> str:
    with translation.override(application.language or "bg"):
        path = reverse("services:track")
    return f"{settings.BASE_URL}{path}"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def receipt_context(application) -> dict:
    from documents.tasks import administration

    document = application.document
    uri = document.uri
    return {
        "application": application,
        "document": document,
        "uri": uri,
        "admin": administration(),
        "transport_code": TRANSPORT_PORTAL,
        "received_at": timezone.localtime(application.submitted_at),
        "attachments": list(document.attachments.order_by("pk")),
        "term_code": TERM_KIND_RIO_CODES.get(application.term_kind, ""),
        "result_code": RESULT_METHOD_RIO_CODES.get(application.result_method, ""),
        "verify_url": verification_url(application),
        "track_url": tracking_url(application),
        "qr": qr_data_uri(verification_url(application)),
    }


def render_receipt_pdf(application) -> bytes:
    from documents.pdf import render_pdf

    with translation.override(application.language or "bg"):
        return render_pdf("services/pdf/receipt.html", receipt_context(application))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
