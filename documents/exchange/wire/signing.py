"""Enveloped XMLDSig over the whole ``<Message>``, as the national .NET implementations do it.

- One ``Reference URI=""`` with the enveloped-signature transform; ``ds:Signature`` is the last child of
  ``Message`` (where EGovMessaging.xsd puts it).
- Canonicalisation **C14N 1.0** (``http://www.w3.org/TR/2001/REC-xml-c14n-20010315``) for SignedInfo and the
  reference: .NET's ``SignedXml`` does not implement C14N 1.1, signxml's default.
- ``KeyInfo/X509Data`` carries ``X509IssuerSerial`` and the certificate, in the order .NET writes them.
- The algorithm is chosen per participant: RSA-SHA256 by default; RSA-SHA1 (with a SHA-1 digest, the
  .NET Framework 4.6.1 defaults) for older participants. Verification accepts both.

Trust is not taken from the certificate chain (participants use organisation certificates that need not
chain to a public CA): the caller compares the returned serial number with the one the participants registry
records for the sender, as edelivery does.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConfiguration,
    SignatureMethod,
    XMLSigner,
    XMLVerifier,
)
from signxml.exceptions import InvalidCertificate, InvalidInput, InvalidSignature, SignXMLException

from . import safexml
from .messages import NS_DS

C14N_1_0 = CanonicalizationMethod.CANONICAL_XML_1_0
_DS = f"{{{NS_DS}}}"


class SignatureAlgorithm(StrEnum):
    RSA_SHA256 = "rsa-sha256"
    RSA_SHA1 = "rsa-sha1"


_ALGORITHMS = {
    SignatureAlgorithm.RSA_SHA256: (SignatureMethod.RSA_SHA256, DigestAlgorithm.SHA256),
    SignatureAlgorithm.RSA_SHA1: (SignatureMethod.RSA_SHA1, DigestAlgorithm.SHA1),
}

_ACCEPTED = SignatureConfiguration(
    location="./",  # the Signature must be a child of Message, not hidden deeper
    expect_references=1,
    signature_methods=frozenset(method for method, _ in _ALGORITHMS.values()),
    digest_algorithms=frozenset(digest for _, digest in _ALGORITHMS.values()),
)


class SignatureError(ValueError):
    """The message is unsigned, its signature does not verify, or its certificate is unusable."""


@dataclass(frozen=True)
class SigningIdentity:
    """Our private key and certificate (PEM bytes), loaded once."""

    key: object
    certificate: x509.Certificate

    @classmethod
    def from_pem(cls, key_pem: bytes, cert_pem: bytes, password: bytes | None = None) -> SigningIdentity:
        key = serialization.load_pem_private_key(key_pem, password=password)
        cert = x509.load_pem_x509_certificate(cert_pem)
        return cls(key=key, certificate=cert)

    @classmethod
    def from_files(cls, key_file, cert_file, password: bytes | None = None) -> SigningIdentity:
        with open(key_file, "rb") as k, open(cert_file, "rb") as c:
            return cls.from_pem(k.read(), c.read(), password)

    @property
    def serial_hex(self) -> str:
        return serial_hex(self.certificate.serial_number)


@dataclass(frozen=True)
class Verified:
    """What a good signature proves: the signed ``Message`` (and only it) and who signed it."""

    root: etree._Element
    certificate: x509.Certificate
    algorithm: SignatureAlgorithm

    @property
    def serial_hex(self) -> str:
        return serial_hex(self.certificate.serial_number)


def serial_hex(serial: int | str) -> str:
    """A certificate serial as the registry writes ``CertificateSN``: upper-case hex, no leading zeros."""
    if isinstance(serial, int):
        return format(serial, "X")
    cleaned = serial.replace(":", "").replace(" ", "").strip().upper().lstrip("0")
    int(cleaned or "0", 16)  # refuse anything that is not hex
    return cleaned or "0"


class _Signer(XMLSigner):
    # signxml refuses SHA-1 unless a subclass allows it; .NET Framework 4.6.1 participants sign with it and
    # may verify nothing else, so it stays available as an explicit per-participant choice.
    def check_deprecated_methods(self):
        if self.sign_alg not in {m for m, _ in _ALGORITHMS.values()}:
            super().check_deprecated_methods()


def _key_info(cert: x509.Certificate) -> etree._Element:
    key_info = etree.Element(_DS + "KeyInfo", nsmap={"ds": NS_DS})
    data = etree.SubElement(key_info, _DS + "X509Data")
    issuer_serial = etree.SubElement(data, _DS + "X509IssuerSerial")
    etree.SubElement(issuer_serial, _DS + "X509IssuerName").text = cert.issuer.rfc4514_string()
    etree.SubElement(issuer_serial, _DS + "X509SerialNumber").text = str(cert.serial_number)
    der = cert.public_bytes(serialization.Encoding.DER)
    etree.SubElement(data, _DS + "X509Certificate").text = base64.b64encode(der).decode("ascii")
    return key_info


def sign(
    root: etree._Element,
    identity: SigningIdentity,
    algorithm: SignatureAlgorithm = SignatureAlgorithm.RSA_SHA256,
) -> etree._Element:
    """A signed copy of the ``<Message>`` element ``root`` (``root`` itself is left unchanged)."""
    method, digest = _ALGORITHMS[SignatureAlgorithm(algorithm)]
    signer = _Signer(signature_algorithm=method, digest_algorithm=digest, c14n_algorithm=C14N_1_0)
    # signxml re-parses its own serialization of the tree; a large attachment needs libxml2's huge mode there.
    signer._parser = safexml.reparser()
    return signer.sign(root, key=identity.key, key_info=_key_info(identity.certificate), reference_uri=None)


def _embedded_certificate(root: etree._Element) -> x509.Certificate:
    signatures = root.findall(_DS + "Signature")
    if len(signatures) != 1:
        raise SignatureError("the message must carry exactly one ds:Signature as a child of Message")
    if root[-1] is not signatures[0]:
        raise SignatureError("ds:Signature must be the last child of Message")
    certs = signatures[0].findall(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate")
    if not certs:
        raise SignatureError("the signature carries no X509Certificate in KeyInfo/X509Data")
    try:
        # With a chain, the signer's certificate comes first (as .NET and signxml write it).
        return x509.load_der_x509_certificate(base64.b64decode("".join((certs[0].text or "").split())))
    except ValueError as exc:
        raise SignatureError(f"the certificate in KeyInfo cannot be read: {exc}") from exc


def verify(root: etree._Element) -> Verified:
    """Check the enveloped signature of ``root`` (a ``<Message>`` parsed by :func:`safexml.parse`).

    Returns the signed content as signxml re-reads it from the canonical bytes it verified, so that nothing
    outside the signature (a wrapped element, a comment) can reach the caller.
    """
    cert = _embedded_certificate(root)
    try:
        result = XMLVerifier().verify(
            root,
            x509_cert=cert,
            expect_config=_ACCEPTED,
            parser=safexml.reparser(),
        )
    except InvalidCertificate as exc:
        raise SignatureError(f"the signing certificate is not usable: {exc}") from exc
    except (InvalidSignature, InvalidInput) as exc:
        raise SignatureError(f"the signature is not valid: {exc}") from exc
    except (SignXMLException, etree.DocumentInvalid, ValueError) as exc:
        raise SignatureError(f"the signature cannot be checked: {exc}") from exc
    references = result.signature_xml.findall(f"{_DS}SignedInfo/{_DS}Reference")
    if len(references) != 1 or references[0].get("URI") != "":
        raise SignatureError('the signature must cover the whole message (one Reference with URI="")')
    method = result.signature_xml.find(f"{_DS}SignedInfo/{_DS}SignatureMethod").get("Algorithm")
    algorithm = next(a for a, (m, _) in _ALGORITHMS.items() if m.value == method)
    if result.signed_xml is None or result.signed_xml.tag != root.tag:
        raise SignatureError("the signed content is not the Message")
    return Verified(root=result.signed_xml, certificate=cert, algorithm=algorithm)
