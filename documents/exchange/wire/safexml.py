"""Parsing XML that arrives from outside (another administration, the registry, a SOAP client).

Every byte a peer sends goes through :func:`parse` in two passes:

1. **The gate** — a streaming (SAX) pass with libxml2's own safety limits on (``huge_tree=False``), entity
   resolution, DTD loading and network access off. A DOCTYPE is refused the moment it starts, before any
   entity declaration in it is read (this also refuses "billion laughs" and external entities); element
   depth, element count and the length of every text node are counted and refused past the limits. The
   gate builds no tree, so a hostile document costs one pass over its bytes and no memory.
2. **The tree** — only a document that passed the gate is parsed into an lxml tree, with the same options.
   libxml2 refuses any text node longer than 10,000,000 characters without ``huge_tree`` ("Text node too
   long"), which would cap an attachment at 7.5 MB; the national implementations accept files of any size
   (edelivery's endpoint allows 2 GB). So for a document longer than that, and only then, the tree pass
   lifts libxml2's ceiling: the gate has already held the same document to stricter limits of our own.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

# libxml2's XML_MAX_TEXT_LENGTH: the longest text node it builds without XML_PARSE_HUGE.
LIBXML_TEXT_LIMIT = 10_000_000


class UnsafeXMLError(ValueError):
    """The input is refused before or while parsing: hostile, oversize or not well-formed XML.

    ``reason`` is a short code for logs and tests (``too_large``, ``doctype``, ``too_deep``,
    ``too_many_elements``, ``text_too_long``, ``malformed``); ``str()`` is a sentence for people.
    """

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ParseLimits:
    """Bounds for one inbound document. The defaults fit a СЕОС message with attachments of up to ~25 MB."""

    max_bytes: int = 40 * 1024 * 1024
    max_depth: int = 64
    max_elements: int = 50_000
    # Characters in a single text node: bounds one base64 attachment (4 characters per 3 bytes).
    max_text_chars: int = 34 * 1024 * 1024


DEFAULT_LIMITS = ParseLimits()


class _Gate:
    """SAX target that counts and refuses; it keeps nothing of the document."""

    def __init__(self, limits: ParseLimits):
        self.limits = limits
        self.depth = 0
        self.elements = 0
        self.text = 0

    def doctype(self, name, public_id, system_url):
        raise UnsafeXMLError("doctype", "XML with a DOCTYPE (DTD, entity declarations) is not accepted.")

    def start(self, tag, attrib, nsmap=None):
        self.depth += 1
        self.elements += 1
        self.text = 0
        if self.depth > self.limits.max_depth:
            raise UnsafeXMLError("too_deep", f"XML nested deeper than {self.limits.max_depth} levels.")
        if self.elements > self.limits.max_elements:
            raise UnsafeXMLError(
                "too_many_elements", f"XML with more than {self.limits.max_elements} elements."
            )

    def end(self, tag):
        self.depth -= 1
        self.text = 0

    def data(self, chunk):
        self.text += len(chunk)
        if self.text > self.limits.max_text_chars:
            raise UnsafeXMLError(
                "text_too_long",
                f"A text value (e.g. an attachment) is longer than {self.limits.max_text_chars} characters.",
            )

    def comment(self, text):
        pass

    def pi(self, target, data=None):
        pass

    def close(self):
        return None


def _parser(*, target=None, huge_tree: bool = False) -> etree.XMLParser:
    # A new parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(
        target=target,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        remove_comments=False,
        collect_ids=False,
    )


def tree_parser(size: int) -> etree.XMLParser:
    """The parser for a document of ``size`` bytes that has already passed the gate (see module docstring)."""
    return _parser(huge_tree=size > LIBXML_TEXT_LIMIT)


def reparser() -> etree.XMLParser:
    """A parser for re-reading the serialization of a tree that already passed the gate or that we built.

    signxml serializes and re-parses the document it signs or verifies; those bytes are no longer a peer's
    raw input, so only the text-length ceiling is lifted (entities, DTDs and the network stay off).
    """
    return _parser(huge_tree=True)


def check(data: bytes, limits: ParseLimits = DEFAULT_LIMITS) -> None:
    """Run the gate over ``data``; raise :class:`UnsafeXMLError` if it is refused."""
    if not isinstance(data, bytes):
        raise TypeError("safexml works on bytes; encode text first")
    if len(data) > limits.max_bytes:
        raise UnsafeXMLError("too_large", f"XML larger than {limits.max_bytes} bytes.")
    if not data.strip():
        raise UnsafeXMLError("malformed", "The XML document is empty.")
    try:
        etree.fromstring(data, _parser(target=_Gate(limits)))
    except UnsafeXMLError:
        raise
    except etree.XMLSyntaxError as exc:
        raise UnsafeXMLError("malformed", f"The XML is not well-formed: {exc}") from exc


def parse(data: bytes, limits: ParseLimits = DEFAULT_LIMITS) -> etree._Element:
    """Parse untrusted ``data`` into an element tree, or raise :class:`UnsafeXMLError`."""
    check(data, limits)
    try:
        root = etree.fromstring(data, tree_parser(len(data)))
    except etree.XMLSyntaxError as exc:  # pragma: no cover - the gate has already parsed the same bytes
        raise UnsafeXMLError("malformed", f"The XML is not well-formed: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:  # pragma: no cover - gate refuses
        raise UnsafeXMLError("doctype", "XML with a DOCTYPE (DTD, entity declarations) is not accepted.")
    return root
