"""Every СЕОС message we received or sent, as signed on the wire: the inbox and the outbox."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.exchange.wire.messages import MessageType


class MessageQuerySet(models.QuerySet):
    def outbox_due(self, now=None):
        """Outbound messages waiting for delivery whose next try is due (the periodic re-queue)."""
        return self.filter(
            direction=Message.Direction.OUT,
            status=Message.Status.PENDING,
            next_try__lte=now or timezone.now(),
        )

    def without_xml(self):
        # Lists never need the (possibly megabytes of) signed XML.
        return self.defer("raw_xml", "reply_xml")


class Message(models.Model):
    """One wire message. ``(direction, guid)`` is unique: a MessageGUID is processed once per direction.

    Outbound messages are the outbox: written (signed) in the same transaction as the change that causes
    them, delivered by ``tasks.deliver_message`` with retries (``attempts``, ``next_try``), re-sent byte for
    byte on every attempt so that the receiver recognises a repeat by its MessageGUID. Inbound messages are
    stored only once every check passed; ``reply_xml`` keeps the synchronous answer we gave, so that a
    repeated delivery of the same bytes gets the same answer and changes nothing.
    """

    class Direction(models.TextChoices):
        IN = "in", _("received")
        OUT = "out", _("sent")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("delivered")
        FAILED = "failed", _("delivery failed")
        RECEIVED = "received", _("received")

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    type = models.CharField(_("type"), max_length=40, choices=[(t.value, t.value) for t in MessageType])
    guid = models.CharField("MessageGUID", max_length=38)
    participant = models.ForeignKey(
        "exchange.Participant",
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("other party"),
    )
    exchanged_document = models.ForeignKey(
        "exchange.ExchangedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("document"),
    )
    message_date = models.DateTimeField(_("message date"))
    raw_xml = models.TextField(_("signed XML"))
    sha256 = models.CharField("SHA-256", max_length=64)
    signer_serial = models.CharField(_("signing certificate serial"), max_length=128, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("error"), blank=True)
    reply_xml = models.TextField(_("synchronous answer"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_try = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("СЕОС message")
        verbose_name_plural = _("СЕОС messages")
        constraints = [
            models.UniqueConstraint(fields=["direction", "guid"], name="exchange_message_guid_once"),
        ]
        indexes = [
            models.Index(fields=["direction", "status", "next_try"], name="exchange_msg_outbox_idx"),
            models.Index(fields=["-created_at"], name="exchange_msg_created_idx"),
        ]

    def __str__(self):
        return f"{self.type} {self.guid}"

    @staticmethod
    def digest(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    @property
    def can_retry(self) -> bool:
        return self.direction == self.Direction.OUT and self.status == self.Status.FAILED
