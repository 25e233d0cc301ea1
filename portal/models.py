from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskFailure(models.Model):
    """A Celery task that failed for good (after its retries), shown on the admin's system status page."""

    task_id = models.CharField(_("task id"), max_length=255, db_index=True)
    task_name = models.CharField(_("task"), max_length=255)
    exception = models.CharField(_("exception"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")

    def __str__(self):
        return f"{self.task_name} {self.task_id}"


class PersonalData(models.Model):
    """No table: it only carries the permission to export what the portal holds about a person."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("export_personal_data", "Can export the personal data held about an e-mail address")]
        verbose_name = _("personal data")
        verbose_name_plural = _("personal data")

    def __str__(self):
        return str(self._meta.verbose_name)


class JournalCheck(models.Model):
    """One verification of the registry journal's hash chain (nightly task or ``manage.py verify_journal``).

    Kept in the database, not the cache: the status page must not lose a broken chain's report to a cache
    flush, and verifying a million entries on every page load is out of the question.
    """

    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    ok = models.BooleanField(_("intact"))
    entries = models.PositiveBigIntegerField(_("entries checked"), default=0)
    broken_id = models.BigIntegerField(_("first broken entry"), null=True, blank=True)
    problem = models.TextField(_("problem"), blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        get_latest_by = ["checked_at", "pk"]
        verbose_name = _("journal verification")
        verbose_name_plural = _("journal verifications")

    def __str__(self):
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'broken'}"
