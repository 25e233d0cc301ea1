"""Files the registry generates (PDF receipts, letters, register journals, CSV exports)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.storage import private_storage


def generated_path(instance, filename):
    return f"generated/{timezone.now():%Y/%m}/{filename}"


class GeneratedFile(models.Model):
    """A rendered file, stored once per ``key`` (tasks are idempotent: same key, same row)."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("registration receipt")
        LETTER = "letter", _("outgoing letter")
        JOURNAL_PDF = "journal_pdf", _("register journal (PDF)")
        JOURNAL_CSV = "journal_csv", _("register journal (CSV)")

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="generated_files"
    )
    register = models.ForeignKey("documents.Register", on_delete=models.PROTECT, null=True, blank=True)
    file = models.FileField(storage=private_storage, upload_to=generated_path, max_length=255)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")

    def __str__(self):
        return self.filename
