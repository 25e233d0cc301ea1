"""What an online application adds beside its incoming document in the registry.

The registry keeps the document (number, status, files, correspondent). ``ServiceApplication`` keeps what is
specific to the e-service: which service, the form answers, the applicant's choices, the access code (only
its hash), the receipt "Потвърждение за получаване" with its verification token, and the applicant-facing
timeline (``ApplicationEvent``), fed by the registry's signals.
"""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.storage import private_storage
from services.choices import ApplicantKind, DurationUnit, ResultMethod, TermKind


def new_verification_token() -> str:
    return secrets.token_urlsafe(24)


def receipt_upload_to(instance, filename):
    return f"services/receipts/{instance.submitted_at:%Y/%m}/{instance.public_id}.pdf"


class ServiceApplication(models.Model):
    """Заявление за услуга, подадено през портала."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "services.ServicePage",
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    service_title = models.CharField(_("service"), max_length=255)
    iisda_number = models.PositiveIntegerField(_("number in ИИСДА"), null=True, blank=True)
    document_type_name = models.CharField(_("document type"), max_length=200)
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("incoming document"),
        on_delete=models.PROTECT,
        related_name="service_application",
    )
    incoming_number = models.CharField(_("incoming number"), max_length=64)
    number_key = models.CharField(max_length=64, db_index=True, editable=False)
    number_short_key = models.CharField(max_length=64, db_index=True, editable=False)
    submitted_at = models.DateTimeField(_("received at"))

    applicant_kind = models.CharField(
        _("applies"), max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    company_name = models.CharField(_("company or organisation"), max_length=200, blank=True)
    eik = models.CharField(_("EIK"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    address = models.CharField(_("address"), max_length=300)
    language = models.CharField(_("language"), max_length=10, default="bg")

    term_kind = models.CharField(_("kind of service"), max_length=10, choices=TermKind.choices)
    term_duration = models.PositiveSmallIntegerField(_("term"))
    term_unit = models.CharField(_("unit"), max_length=15, choices=DurationUnit.choices)
    fee_eur = models.DecimalField(_("fee in EUR"), max_digits=8, decimal_places=2, null=True, blank=True)
    result_method = models.CharField(_("result by"), max_length=15, choices=ResultMethod.choices)
    expected_on = models.DateField(_("expected completion"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=list, blank=True)

    access_code_hash = models.CharField(max_length=200, editable=False)
    access_code_hint = models.CharField(_("access code hint"), max_length=20, editable=False)
    verification_token = models.CharField(
        max_length=64, unique=True, default=new_verification_token, editable=False
    )
    receipt_pdf = models.FileField(
        _("receipt"), storage=private_storage, upload_to=receipt_upload_to, blank=True, max_length=200
    )
    receipt_sha256 = models.CharField(_("SHA-256 of the receipt"), max_length=64, blank=True)
    receipt_rendered_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # When the retention period ran out and the applicant's data was removed (services.personal_data).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("online application")
        verbose_name_plural = _("online applications")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.incoming_number} {self.service_title}"

    @property
    def applicant_display(self) -> str:
        if self.applicant_kind == ApplicantKind.COMPANY and self.company_name:
            return gettext("%(company)s (EIK %(eik)s), represented by %(name)s") % {
                "company": self.company_name,
                "eik": self.eik,
                "name": self.applicant_name,
            }
        return self.applicant_name


class ApplicationEvent(models.Model):
    """One step of the timeline the applicant sees on the tracking page."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned to an officer")
        IN_PROGRESS = "in_progress", _("In progress")
        INFO_REQUESTED = "info_requested", _("Additional information requested")
        INFO_PROVIDED = "info_provided", _("Additional documents received")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
        CANCELLED = "cancelled", _("Cancelled")

    application = models.ForeignKey(ServiceApplication, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    related_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
