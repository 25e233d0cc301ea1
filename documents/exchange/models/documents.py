"""Documents exchanged with one participant, their attachments and their status history."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.exchange.wire.messages import DocStatus


class ExchangedDocument(models.Model):
    """One document (one ``DocumentGUID``) exchanged with one participant, in one direction.

    Received (``in``): what the sender told us — their number/date or УРИ, kind, subject, correspondents,
    requested deadline, the parent document — waiting for a registrar to register it in the registry
    (``document`` is then our registered incoming document) or to reject it. Sent (``out``): our outgoing
    ``document`` as sent to one participant, and what the recipient reported back (their number and date).

    ``status`` is the latest status on the wire (``DS_*``); the local states of sending
    (``DS_TRY_SEND``/``DS_SENT``/``DS_SENT_FAILED`` in the national systems) are read from the message.
    """

    class Direction(models.TextChoices):
        IN = "in", _("received")
        OUT = "out", _("sent")

    class Status(models.TextChoices):
        SENDING = "sending", _("being sent")
        WAIT_REGISTRATION = DocStatus.WAIT_REGISTRATION.value, _("waiting for registration")
        REGISTERED = DocStatus.REGISTERED.value, _("registered")
        STOPPED = DocStatus.STOPPED.value, _("work stopped")
        CLOSED = DocStatus.CLOSED.value, _("closed")
        NOT_FOUND = DocStatus.NOT_FOUND.value, _("not found")
        ALREADY_RECEIVED = DocStatus.ALREADY_RECEIVED.value, _("already received")
        REJECTED = DocStatus.REJECTED.value, _("registration refused")
        FAILED = "failed", _("could not be delivered")

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    participant = models.ForeignKey(
        "exchange.Participant",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("participant"),
    )
    document_guid = models.CharField("DocumentGUID", max_length=38)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exchanges",
        verbose_name=_("registry document"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answer to"),
        help_text=_("The exchanged document this one answers (DocParentID)."),
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    # The sender's identification of the document (DocID): free-text number and date and/or the УРИ.
    sender_number = models.CharField(_("sender's number"), max_length=200, blank=True)
    sender_date = models.DateField(_("sender's date"), null=True, blank=True)
    sender_uri_register_index = models.PositiveIntegerField(null=True, blank=True)
    sender_uri_sequence_number = models.PositiveIntegerField(null=True, blank=True)
    sender_uri_date = models.DateField(null=True, blank=True)
    # DocParentID as received (also kept when it names nothing we know).
    parent_guid = models.CharField(_("parent DocumentGUID"), max_length=38, blank=True)
    parent_number = models.CharField(_("parent number"), max_length=200, blank=True)
    parent_date = models.DateField(_("parent date"), null=True, blank=True)
    # The recipient's registration (for sent documents, from DS_REGISTERED).
    recipient_number = models.CharField(_("recipient's number"), max_length=200, blank=True)
    recipient_date = models.DateField(_("recipient's date"), null=True, blank=True)

    kind = models.CharField(_("kind"), max_length=200, blank=True)
    about = models.TextField(_("subject"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    send_comment = models.TextField(_("comment on sending"), blank=True)
    attention_to = models.CharField(_("for the attention of"), max_length=500, blank=True)
    requested_close_date = models.DateField(_("requested deadline"), null=True, blank=True)
    expected_close_date = models.DateField(_("expected completion"), null=True, blank=True)
    service_name = models.CharField(_("service"), max_length=500, blank=True)
    service_type = models.CharField(_("service term"), max_length=100, blank=True)
    service_code = models.CharField(_("service code"), max_length=200, blank=True)
    add_data = models.TextField(_("additional data (XML)"), blank=True)
    correspondents = models.JSONField(_("correspondents"), default=list, blank=True)
    rejection_reason = models.TextField(_("reason for refusal"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exchanged document")
        verbose_name_plural = _("exchanged documents")
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "participant", "document_guid"], name="exchange_document_guid_once"
            ),
            # A registry document is sent to a participant once, and registered from one received document.
            models.UniqueConstraint(
                fields=["direction", "participant", "document"],
                condition=models.Q(document__isnull=False),
                name="exchange_document_once_per_party",
            ),
        ]
        indexes = [
            models.Index(fields=["direction", "status", "-created_at"], name="exchange_doc_status_idx"),
            models.Index(fields=["document_guid"], name="exchange_doc_guid_idx"),
        ]

    def __str__(self):
        return f"{self.about or self.kind} ({self.participant})"

    @property
    def sender_reference(self) -> str:
        """The sender's number as one line: their free-text number, or "index-sequence" from the УРИ."""
        if self.sender_number:
            return self.sender_number
        if self.sender_uri_register_index or self.sender_uri_sequence_number:
            return f"{self.sender_uri_register_index or ''}-{self.sender_uri_sequence_number or ''}"
        return ""

    @property
    def is_waiting(self) -> bool:
        return self.direction == self.Direction.IN and self.status == self.Status.WAIT_REGISTRATION


class ExchangedAttachment(models.Model):
    """A file received inline in a registration request, checked like an upload on arrival.

    The bytes stay in the signed message (the original); this row holds what was checked: the detected
    type, size and SHA-256. Registering the document copies the files into the registry.
    """

    exchanged_document = models.ForeignKey(
        ExchangedDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    position = models.PositiveSmallIntegerField()
    file_name = models.CharField(_("file name"), max_length=255)
    declared_type = models.CharField(_("declared type"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("received attachment")
        verbose_name_plural = _("received attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["exchanged_document", "position"], name="exchange_attachment_position"
            )
        ]

    def __str__(self):
        return self.file_name


class StatusChange(models.Model):
    """The status history of an exchanged document; each entry comes with the message that carried it.

    ``(exchanged_document, message_guid)`` is unique, so a status message processed twice (a repeated
    delivery, a retry after a lost reply, a worker killed mid-task) leaves one entry.
    """

    exchanged_document = models.ForeignKey(
        ExchangedDocument, on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField(_("status"), max_length=24, choices=ExchangedDocument.Status.choices)
    message_guid = models.CharField("MessageGUID", max_length=38)
    at = models.DateTimeField(_("at"))
    number = models.CharField(_("number"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    expected_close_date = models.DateField(_("expected completion"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.CharField(_("by"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.UniqueConstraint(
                fields=["exchanged_document", "message_guid"], name="exchange_status_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {self.at:%Y-%m-%d %H:%M}"
