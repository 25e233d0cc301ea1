"""The СЕОС wire format, independent of Django: safe parsing, schema, typed messages, signatures.

- :mod:`.safexml` — parse untrusted bytes (no DTD, entities or network; size, depth and text limits)
- :mod:`.schema` — validate against the official EGovMessaging.xsd set, loaded from local files
- :mod:`.messages` — dataclasses for the four message types and their parts
- :mod:`.codec` — build and parse ``<Message>`` elements
- :mod:`.signing` — enveloped XMLDSig (C14N 1.0, RSA-SHA256 or RSA-SHA1) and its verification

:func:`emit` and :func:`read` are the two paths most callers need.
"""

from __future__ import annotations

from lxml import etree

from . import codec, safexml, schema, signing
from .messages import Message


def emit(
    message: Message,
    identity: signing.SigningIdentity,
    algorithm: signing.SignatureAlgorithm = signing.SignatureAlgorithm.RSA_SHA256,
) -> bytes:
    """``message`` built, signed and checked against the schema, as UTF-8 bytes ready to send."""
    signed = signing.sign(codec.build(message), identity, algorithm)
    # A message the portal emits that the schema refuses is our bug: fail here, never on the peer's side.
    schema.validate(signed)
    return codec.to_bytes(signed)


def read(data: bytes, limits: safexml.ParseLimits = safexml.DEFAULT_LIMITS) -> etree._Element:
    """Untrusted bytes -> a schema-valid ``<Message>`` element (signature not yet checked).

    Raises :class:`safexml.UnsafeXMLError` or :class:`schema.SchemaError`.
    """
    root = safexml.parse(data, limits)
    schema.validate(root)
    return root
