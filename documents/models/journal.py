"""The append-only audit journal, hash-chained (see documents/journal.py for writing and verifying)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JournalEntry(models.Model):
    """One action: who, what, on which object, when, state before/after; ``hash`` chains to ``prev_hash``.

    Rows are only ever inserted by ``documents.journal.record``; ``save()`` refuses updates and
    ``delete()`` refuses deletions so no ordinary code path can rewrite history.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Part of the hash (the FK is not: a deleted user must not break the chain).
    actor_label = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="journal"
    )
    at = models.DateTimeField(_("when"))
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["document", "id"], name="documents_journal_doc_idx")]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")

    def __str__(self):
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_append", False):
            raise ValueError("Journal entries are append-only.")
        kwargs.pop("_append", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Journal entries are append-only.")


class JournalHead(models.Model):
    """The singleton row (pk=1) holding the chain's tip; locked by every append, so appends are linear.

    It also lets ``verify()`` notice entries cut off the end of the chain.
    """

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return f"journal head #{self.last_id}"
