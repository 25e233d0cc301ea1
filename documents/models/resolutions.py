"""Resolutions and tasks (резолюции / задачи) on a document."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Resolution(models.Model):
    """A резолюция or task: who must do what by when, and who controls it."""

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("resolution")
        EXECUTION = "execution", _("for execution")
        APPROVAL = "approval", _("for approval")
        SIGNATURE = "signature", _("for signature")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("resolution status", "open")
        DONE = "done", pgettext_lazy("resolution status", "done")
        DONE_LATE = "done_late", pgettext_lazy("resolution status", "done late")
        WITHDRAWN = "withdrawn", pgettext_lazy("resolution status", "withdrawn")

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="resolutions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RESOLUTION)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="documents.ResolutionAssignee",
        related_name="registry_resolutions",
        verbose_name=_("assignees"),
    )
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registry_controlled",
        verbose_name=_("controller"),
    )
    text = models.TextField(_("text"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="documents_res_status_idx")]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_id}: {self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ResolutionAssignee(models.Model):
    """An assignee of a resolution. ``document`` and ``is_open`` are copies kept by the actions, so that
    "documents with an open task for me" is one small partial-index scan whatever the history's size."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="+")
    is_open = models.BooleanField(default=True)

    class Meta:
        db_table = "documents_resolution_assignees"  # the table of the former automatic through model
        unique_together = [("resolution", "user")]
        indexes = [
            models.Index(
                fields=["user", "document"], condition=models.Q(is_open=True), name="documents_open_task_idx"
            )
        ]

    def __str__(self):
        return f"{self.user_id} → {self.resolution_id}"
