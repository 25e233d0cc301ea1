"""SOAP 1.1 transport of EgovEndpoint.wsdl: ``Submit(request: string) -> SubmitResult: string``.

The signed ``<Message>`` travels as an *escaped string* inside ``<request>`` (document/literal, namespace
``http://services.egov.bg/messaging/``), and the synchronous answer likewise inside ``<SubmitResult>``.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from . import safexml

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://services.egov.bg/messaging/"
SOAP_ACTION = "http://services.egov.bg/messaging/IEGovService/Submit"
CONTENT_TYPE = "text/xml; charset=utf-8"
WSDL_FILE = Path(__file__).resolve().parent.parent / "schemas" / "EgovEndpoint.wsdl"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"

_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")
_E = f"{{{SOAP_ENV}}}"
_S = f"{{{SERVICE_NS}}}"


class SoapError(ValueError):
    """Not a usable SOAP ``Submit`` request or response."""


class SoapFault(SoapError):
    """The other side answered with a SOAP Fault."""

    def __init__(self, code: str, text: str):
        super().__init__(f"SOAP Fault {code}: {text}")
        self.code, self.text = code, text


def _envelope(operation: str, part: str, payload: bytes | None) -> bytes:
    env = etree.Element(_E + "Envelope", nsmap={"s": SOAP_ENV})
    body = etree.SubElement(env, _E + "Body")
    op = etree.SubElement(body, _S + operation, nsmap={None: SERVICE_NS})
    value = etree.SubElement(op, _S + part)
    if payload is not None:
        value.text = payload.decode("utf-8")  # lxml escapes it: the message becomes a string, as in the WSDL
    return etree.tostring(env, xml_declaration=True, encoding="utf-8")


def submit_request(message: bytes) -> bytes:
    """The SOAP request that delivers ``message`` (signed XML bytes)."""
    return _envelope("Submit", "request", message)


def submit_response(result: bytes | None) -> bytes:
    """The SOAP response carrying ``result`` (signed XML bytes, or ``None`` for an empty answer)."""
    return _envelope("SubmitResponse", "SubmitResult", result)


def fault(code: str, text: str) -> bytes:
    env = etree.Element(_E + "Envelope", nsmap={"s": SOAP_ENV})
    f = etree.SubElement(etree.SubElement(env, _E + "Body"), _E + "Fault")
    etree.SubElement(f, "faultcode").text = f"s:{code}"
    etree.SubElement(f, "faultstring").text = text
    return etree.tostring(env, xml_declaration=True, encoding="utf-8")


def _string_part(data: bytes, operation: str, part: str, limits: safexml.ParseLimits) -> bytes | None:
    # The envelope's one text node is the whole escaped message: allow it the full message size.
    envelope_limits = safexml.ParseLimits(
        max_bytes=limits.max_bytes, max_depth=16, max_elements=64, max_text_chars=limits.max_bytes
    )
    root = safexml.parse(data, envelope_limits)
    if root.tag != _E + "Envelope":
        raise SoapError("not a SOAP 1.1 envelope")
    body = root.find(_E + "Body")
    if body is None or len(body) == 0:
        raise SoapError("the SOAP envelope has no Body")
    first = body[0]
    if first.tag == _E + "Fault":
        raise SoapFault(first.findtext("faultcode") or "", first.findtext("faultstring") or "")
    if first.tag != _S + operation:
        raise SoapError(f"expected {operation} in namespace {SERVICE_NS}")
    value = first.find(_S + part)
    if value is None or value.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true":
        return None
    # The string is already decoded: an XML declaration inside it (.NET writes encoding="utf-16") would
    # contradict the UTF-8 bytes we hand on. It is not part of what the signature covers.
    text = _DECLARATION.sub("", (value.text or "").strip(), count=1)
    return text.encode("utf-8") if text else None


def parse_submit_request(data: bytes, limits: safexml.ParseLimits = safexml.DEFAULT_LIMITS) -> bytes:
    """The message bytes in a ``Submit`` request; :class:`SoapError` / ``UnsafeXMLError`` otherwise."""
    message = _string_part(data, "Submit", "request", limits)
    if message is None:
        raise SoapError("the Submit request carries no message")
    return message


def parse_submit_response(data: bytes, limits: safexml.ParseLimits = safexml.DEFAULT_LIMITS) -> bytes | None:
    """The message bytes in a ``SubmitResponse`` (``None`` when empty); :class:`SoapFault` on a fault."""
    return _string_part(data, "SubmitResponse", "SubmitResult", limits)


def wsdl(endpoint_url: str) -> bytes:
    """EgovEndpoint.wsdl as published upstream, plus the ``wsdl:service`` naming our endpoint address."""
    root = etree.parse(str(WSDL_FILE), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    service = etree.SubElement(root, f"{{{WSDL_NS}}}service", name="EGovService")
    port = etree.SubElement(service, f"{{{WSDL_NS}}}port", name="EGovService", binding="tns:EGovService")
    etree.SubElement(port, f"{{{WSDL_SOAP_NS}}}address", location=endpoint_url)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
