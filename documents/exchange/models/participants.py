"""Participants: the administrations we exchange documents with (a mirror of the СЕОС registry)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.exchange.wire.messages import Entity, normalize_guid
from documents.exchange.wire.signing import SignatureAlgorithm, serial_hex

NIL_GUID = "{00000000-0000-0000-0000-000000000000}"


def validate_guid(value: str) -> None:
    try:
        normalize_guid(value)
    except ValueError as exc:
        raise ValidationError(
            _("Enter a GUID such as {7060efa8-f1fa-4938-8b2b-12a78c86988f}."), code="invalid_guid"
        ) from exc


def validate_serial(value: str) -> None:
    try:
        serial_hex(value)
    except ValueError as exc:
        raise ValidationError(
            _("Enter the certificate serial number in hexadecimal."), code="invalid_serial"
        ) from exc


class ParticipantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Participant.Status.ACTIVE)

    def can_receive(self):
        """Active, with an active document-exchange service that has an address."""
        return self.active().filter(service_status=Participant.Status.ACTIVE).exclude(service_uri="")


class Participant(models.Model):
    """A СЕОС participant (участник): an administration from the registry ``Entity`` record.

    ``certificate_serial`` is the registry's ``CertificateSN``: a message from this participant is accepted
    only if signed with the certificate of that serial. ``service_uri`` is the address of its
    document-exchange service (``{7060efa8-f1fa-4938-8b2b-12a78c86988f}``, «Документооборот»).
    """

    class Status(models.TextChoices):
        ACTIVE = "Active", _("active")
        INACTIVE = "Inactive", _("inactive")
        TEMPORARILY_INACTIVE = "TemporarilyInactive", _("temporarily inactive")

    guid = models.CharField("GUID", max_length=38, unique=True, validators=[validate_guid])
    eik = models.CharField(_("ЕИК/БУЛСТАТ"), max_length=20, db_index=True)
    name = models.CharField(_("name"), max_length=500)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent administration"),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    certificate_serial = models.CharField(
        _("certificate serial number"),
        max_length=128,
        blank=True,
        validators=[validate_serial],
        help_text=_("CertificateSN from the СЕОС registry, in hexadecimal."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    service_uri = models.URLField(
        _("document exchange address"),
        max_length=500,
        blank=True,
        help_text=_("The URI of the participant's document-exchange service (Submit endpoint)."),
    )
    service_status = models.CharField(
        _("service status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    signature_algorithm = models.CharField(
        _("signature algorithm"),
        max_length=10,
        choices=[
            (SignatureAlgorithm.RSA_SHA256.value, "RSA-SHA256"),
            (SignatureAlgorithm.RSA_SHA1.value, _("RSA-SHA1 (older participants)")),
        ],
        default=SignatureAlgorithm.RSA_SHA256.value,
    )
    registry_last_change = models.DateTimeField(_("changed in the registry"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("СЕОС participant")
        verbose_name_plural = _("СЕОС participants")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One spelling in the database, whatever the source (admin, CSV, registry): lookups stay exact.
        self.guid = normalize_guid(self.guid)
        if self.certificate_serial:
            self.certificate_serial = serial_hex(self.certificate_serial)
        super().save(*args, **kwargs)

    def clean(self):
        if self.guid:
            try:
                self.guid = normalize_guid(self.guid)
            except ValueError:
                pass  # the field validator reports it
        if self.certificate_serial:
            try:
                self.certificate_serial = serial_hex(self.certificate_serial)
            except ValueError:
                pass

    @property
    def entity(self) -> Entity:
        return Entity(identifier=self.eik, name=self.name, guid=self.guid)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def can_receive(self) -> bool:
        return self.is_active and self.service_status == self.Status.ACTIVE and bool(self.service_uri)
