"""Documents (входящи, изходящи, вътрешни), case files (преписки) and attachments."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from documents.storage import private_storage


class DocumentURI(NamedTuple):
    """The СЕОС/RIO УРИ triple of a registered document (segment 0009-000001)."""

    register_index: int
    sequence_number: int
    date: datetime.date


class CaseFile(models.Model):
    """A преписка: the chain of documents about one matter (request, internal notes, answer)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case file status", "open")
        CLOSED = "closed", pgettext_lazy("case file status", "closed")
        CONTINUED = "continued", pgettext_lazy("case file status", "continued")
        ARCHIVED = "archived", pgettext_lazy("case file status", "handed to the archive")

    number = models.CharField(_("number"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    nomenclature_index = models.CharField(_("nomenclature index"), max_length=40, blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("case file")
        verbose_name_plural = _("case files")

    def __str__(self):
        return f"{self.number} {self.title}"


class DocumentQuerySet(models.QuerySet):
    def for_list(self):
        """What a list row shows, in one query (no per-row queries)."""
        return self.select_related("register", "assignee", "department")

    def active(self):
        """Not closed, withdrawn or cancelled."""
        return self.filter(ACTIVE)

    def pending(self):
        """Waiting for the administration (the deadline runs): registered, assigned, in progress."""
        return self.filter(status__in=Document.Status.pending(), is_cancelled=False)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.pending().filter(deadline__lt=today)

    def due_soon(self, today: datetime.date | None = None, days: int | None = None):
        """Pending with a deadline from today to ``days`` working days ahead (``REGISTRY_DUE_SOON_DAYS``)."""
        from documents.deadlines import due_soon_limit

        today = today or timezone.localdate()
        return self.pending().filter(deadline__gte=today, deadline__lte=due_soon_limit(today, days))

    def search(self, query: str):
        """Full-text search on subject and correspondents (``documents.search``); a number matches exactly."""
        from documents.search import search_documents

        return search_documents(self, query)


# Documents still being worked on: the predicate of the partial "backlog" indexes below. ``active()`` filters
# exactly this way and ``pending()`` a subset of it, so PostgreSQL and SQLite use those small indexes.
ACTIVE = models.Q(
    status__in=["registered", "assigned", "in_progress", "info_requested", "answered"], is_cancelled=False
)


class Document(models.Model):
    """A registered document. Never deleted; a cancelled one keeps its number (``is_cancelled``)."""

    class Channel(models.TextChoices):
        DESK = "desk", _("at the desk")
        POST = "post", _("by post")
        EMAIL = "email", _("by e-mail")
        PORTAL = "portal", _("through the portal")
        SEOS = "seos", _("over СЕОС")
        SSEV = "ssev", _("over ССЕВ")
        INTERNAL = "internal", _("internally")

    class Kind(models.TextChoices):
        APPLICATION = "application", _("application")
        LETTER = "letter", _("letter")
        COMPLAINT = "complaint", _("complaint")
        SIGNAL = "signal", _("signal")
        PROPOSAL = "proposal", _("proposal")
        ORDER = "order", _("order")
        REQUEST = "request", _("request")
        REPORT = "report", _("report")
        MEMO = "memo", _("memo")
        NOTIFICATION = "notification", _("notification")
        INVITATION = "invitation", _("invitation")
        PROTOCOL = "protocol", _("protocol")
        CONTRACT = "contract", _("contract")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("document status", "registered")
        ASSIGNED = "assigned", pgettext_lazy("document status", "assigned")
        IN_PROGRESS = "in_progress", pgettext_lazy("document status", "in progress")
        INFO_REQUESTED = "info_requested", pgettext_lazy("document status", "information requested")
        ANSWERED = "answered", pgettext_lazy("document status", "answered")
        CLOSED = "closed", pgettext_lazy("document status", "closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("document status", "withdrawn")

        @classmethod
        def pending(cls):
            return [cls.REGISTERED, cls.ASSIGNED, cls.IN_PROGRESS]

        @classmethod
        def active(cls):
            return [cls.REGISTERED, cls.ASSIGNED, cls.IN_PROGRESS, cls.INFO_REQUESTED, cls.ANSWERED]

    register = models.ForeignKey("documents.Register", on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    formatted_number = models.CharField(_("registration number"), max_length=64)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_by_name = models.CharField(_("registered by"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=1000)
    note = models.TextField(_("note"), blank=True)
    sender_reference = models.CharField(_("sender's number"), max_length=64, blank=True)
    sender_date = models.DateField(_("sender's date"), null=True, blank=True)
    sheets = models.PositiveSmallIntegerField(_("sheets"), null=True, blank=True)
    correspondents = models.ManyToManyField(
        "documents.Correspondent", through="documents.DocumentCorrespondent", related_name="documents"
    )
    # Denormalised "name, city; name, city" of the parties: list rows and full-text search need no join.
    correspondent_names = models.CharField(_("correspondents"), max_length=1000, blank=True, default="")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registry_assigned",
        verbose_name=_("assignee"),
    )
    department = models.ForeignKey(
        "documents.Department", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("department")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    in_reply_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answer to"),
    )
    case_file = models.ForeignKey(
        CaseFile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("case file"),
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related documents"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [
            ("register_document", "Can register documents (registrar)"),
            ("process_document", "Can process assigned documents (clerk)"),
            ("manage_registry", "Can assign documents and see statistics (manager)"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["register", "year", "number"], name="documents_number_unique"),
            models.UniqueConstraint(
                fields=["register", "year", "formatted_number"], name="documents_formatted_unique"
            ),
        ]
        # Lists stay fast as the history grows: active documents (the backlog) have their own small
        # partial indexes ordered by deadline, so "my documents", overdue counts and reminders read only
        # the backlog, never the closed history.
        indexes = [
            models.Index(fields=["register", "-registered_at"], name="documents_reg_date_idx"),
            models.Index(fields=["-registered_at"], name="documents_date_idx"),
            models.Index(fields=["formatted_number"], name="documents_fnumber_idx"),
            models.Index(fields=["deadline", "id"], condition=ACTIVE, name="documents_active_dl_idx"),
            models.Index(fields=["assignee", "deadline"], condition=ACTIVE, name="documents_active_asg_idx"),
            models.Index(
                fields=["department", "deadline"], condition=ACTIVE, name="documents_active_dep_idx"
            ),
        ]

    def __str__(self):
        return self.formatted_number

    @property
    def direction(self) -> str:
        return self.register.direction

    @property
    def registered_on(self) -> datetime.date:
        return timezone.localtime(self.registered_at).date()

    @property
    def uri(self) -> DocumentURI:
        """The СЕОС УРИ triple: (register's numeric index, sequence number, registration date)."""
        return DocumentURI(self.register.uri_index, self.number, self.registered_on)

    @property
    def is_active(self) -> bool:
        return not self.is_cancelled and self.status in Document.Status.active()

    @property
    def is_pending(self) -> bool:
        return not self.is_cancelled and self.status in Document.Status.pending()

    @property
    def is_overdue(self) -> bool:
        from documents.deadlines import is_overdue

        return self.is_pending and is_overdue(self.deadline)

    @property
    def is_due_soon(self) -> bool:
        from documents.deadlines import due_soon

        return self.is_pending and due_soon(self.deadline)


def attachment_path(instance, filename):
    # The stored name never comes from the user: a random name keeps paths safe and unguessable.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"registry/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file of a document, in private storage, checked by content; served only by a permission view."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name
