"""СЕОС models: participants (the registry mirror), wire messages (inbox/outbox), exchanged documents."""

from .documents import ExchangedAttachment, ExchangedDocument, StatusChange
from .messages import Message
from .participants import Participant

__all__ = ["ExchangedAttachment", "ExchangedDocument", "Message", "Participant", "StatusChange"]
