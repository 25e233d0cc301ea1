"""Departments, registers (деловодни регистри) and their yearly number counters."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Keys a register's number format may use; attribute/index access ("{index.__class__}") is refused.
NUMBER_FORMAT_KEYS = {"index", "number", "date", "year"}
DEFAULT_NUMBER_FORMAT = "{index}-{number}/{date:%d.%m.%Y}"


def validate_number_format(value: str) -> None:
    """A register's number format: ``str.format`` with only ``index``, ``number``, ``date``, ``year``."""
    try:
        fields = [f for _lit, f, _spec, _conv in string.Formatter().parse(value) if f is not None]
    except ValueError as exc:
        raise ValidationError(_("The number format is not valid: %(error)s"), params={"error": exc}) from exc
    if "number" not in fields:
        raise ValidationError(_("The number format must contain {number}."))
    unknown = sorted(set(fields) - NUMBER_FORMAT_KEYS)
    if unknown:
        raise ValidationError(
            _("The number format may only use {index}, {number}, {date} and {year}, not: %(keys)s"),
            params={"keys": ", ".join(unknown)},
        )


class Department(models.Model):
    """An organisational unit (дирекция / отдел); clerks see the documents assigned to their department."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=20, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="registry_departments", verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class RegisterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_purpose(self, purpose: str) -> "Register | None":
        """The active register for ``purpose`` (e.g. ``Register.Purpose.ONLINE``), else the first general
        incoming register, else ``None``. Services and СЕОС use this to find where to register."""
        return (
            self.active().filter(purpose=purpose).order_by("index").first()
            or self.active()
            .filter(purpose=Register.Purpose.GENERAL, direction=Register.Direction.INCOMING)
            .order_by("index")
            .first()
        )


class Register(models.Model):
    """A деловоден регистър: an index such as ``ОА-01``, a direction and its own yearly numbering."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")
        INTERNAL = "internal", _("internal")

    class Purpose(models.TextChoices):
        GENERAL = "general", _("general")
        ONLINE = "online", _("online applications")
        SEOS = "seos", _("documents received over СЕОС")

    index = models.CharField(_("index"), max_length=20, unique=True, help_text=_("For example ОА-01."))
    uri_index = models.PositiveIntegerField(
        _("УРИ register index"),
        unique=True,
        help_text=_("The numeric register index of the СЕОС УРИ (RegisterIndex, an integer from 1)."),
    )
    name = models.CharField(_("name"), max_length=200)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.GENERAL)
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "Keys: {index}, {number}, {date:%d.%m.%Y}, {year}. Example: {index}-{number}/{date:%d.%m.%Y}"
        ),
    )
    groups = models.ManyToManyField(
        "auth.Group",
        blank=True,
        related_name="registry_registers",
        verbose_name=_("groups that may use it"),
    )
    max_attachment_bytes = models.PositiveBigIntegerField(
        _("largest attachment (bytes)"), default=20 * 1024 * 1024
    )
    allowed_extensions = models.JSONField(
        _("accepted file types"),
        default=list,
        blank=True,
        help_text=_('Extensions such as ["pdf", "jpg"]; empty means the default list.'),
    )
    requires_egn = models.BooleanField(
        _("needs ЕГН"), default=False, help_text=_("Only registers that need it may store personal numbers.")
    )
    default_deadline_days = models.PositiveSmallIntegerField(
        _("default deadline (working days)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["index"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")

    def __str__(self):
        return f"{self.index} {self.name}"

    def format_number(self, number: int, date) -> str:
        """The formatted registration number, e.g. ``ОА-01-123/29.11.2026``."""
        return self.number_format.format(index=self.index, number=number, date=date, year=date.year)

    @property
    def extensions(self) -> list[str]:
        """Accepted attachment extensions (the register's own list, or the default allow-list)."""
        from documents.files import DEFAULT_ALLOWED_TYPES

        return list(self.allowed_extensions or DEFAULT_ALLOWED_TYPES)


class NumberCounter(models.Model):
    """The last number given in a register in a year; locked while a number is taken (numbering.py)."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "year"], name="documents_counter_unique")]
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")

    def __str__(self):
        return f"{self.register.index} {self.year}: {self.last}"
