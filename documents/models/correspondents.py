"""Correspondents: senders and recipients of documents (persons, organisations, administrations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.validators import validate_egn, validate_eik


class Correspondent(models.Model):
    """A sender or recipient (кореспондент).

    ``egn`` (ЕГН) is stored only for documents in a register with ``requires_egn`` (actions refuse it
    otherwise) and must never be shown in lists: ``str()`` and ``display_name`` leave it out.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        ADMINISTRATION = "administration", _("administration")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=255)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    eik = models.CharField(
        _("ЕИК/БУЛСТАТ"), max_length=13, blank=True, validators=[validate_eik], db_index=True
    )
    egn = models.CharField(_("ЕГН"), max_length=10, blank=True, validators=[validate_egn])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """Name and city, safe for lists (no personal number)."""
        return f"{self.name}, {self.city}" if self.city else self.name

    @property
    def masked_egn(self) -> str:
        """``**********`` with only the last digit visible, for a detail page; empty when none."""
        return f"{'*' * 9}{self.egn[-1]}" if self.egn else ""


class DocumentCorrespondent(models.Model):
    """A correspondent on a document, with their role (sender for incoming, recipient for outgoing)."""

    class Role(models.TextChoices):
        SENDER = "sender", _("sender")
        RECIPIENT = "recipient", _("recipient")

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="parties")
    correspondent = models.ForeignKey(Correspondent, on_delete=models.PROTECT, related_name="parties")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "correspondent", "role"], name="documents_party_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.correspondent}"
