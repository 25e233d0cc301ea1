"""Enveloped XMLDSig: round trip, both algorithms, C14N 1.0, tampering, wrong or unusable certificates."""

import base64
import copy
import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from lxml import etree

from documents.exchange import devkeys, wire
from documents.exchange.wire import codec, signing
from documents.exchange.wire import messages as m
from documents.exchange.wire.signing import SignatureAlgorithm, SignatureError

from .factories import registration_request

DS = "{http://www.w3.org/2000/09/xmldsig#}"
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"


def _signed(identity, algorithm=SignatureAlgorithm.RSA_SHA256, **doc):
    return wire.read(wire.emit(registration_request(full=True, **doc), identity, algorithm))


@pytest.mark.parametrize(
    ("algorithm", "method", "digest"),
    [
        (
            SignatureAlgorithm.RSA_SHA256,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmlenc#sha256",
        ),
        (
            SignatureAlgorithm.RSA_SHA1,
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#sha1",
        ),
    ],
)
def test_round_trip_with_each_algorithm(region_identity, algorithm, method, digest):
    original = registration_request(full=True)
    root = wire.read(wire.emit(original, region_identity, algorithm))
    sig = root[-1]
    assert sig.find(f"{DS}SignedInfo/{DS}SignatureMethod").get("Algorithm") == method
    assert sig.find(f"{DS}SignedInfo/{DS}Reference/{DS}DigestMethod").get("Algorithm") == digest
    verified = signing.verify(root)
    assert verified.algorithm is algorithm
    assert verified.serial_hex == region_identity.serial_hex
    assert codec.parse(verified.root) == original


def test_canonicalisation_is_c14n_1_0_everywhere(region_identity):
    sig = _signed(region_identity)[-1]
    assert sig.find(f"{DS}SignedInfo/{DS}CanonicalizationMethod").get("Algorithm") == C14N_10
    transforms = [
        t.get("Algorithm") for t in sig.iterfind(f"{DS}SignedInfo/{DS}Reference/{DS}Transforms/{DS}Transform")
    ]
    assert transforms == ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", C14N_10]
    assert "xml-c14n11" not in etree.tostring(sig).decode()


def test_whole_message_is_referenced_and_key_info_carries_issuer_serial_and_certificate(region_identity):
    sig = _signed(region_identity)[-1]
    assert [r.get("URI") for r in sig.iterfind(f"{DS}SignedInfo/{DS}Reference")] == [""]
    data = sig.find(f"{DS}KeyInfo/{DS}X509Data")
    assert [etree.QName(c).localname for c in data] == ["X509IssuerSerial", "X509Certificate"]
    assert data.findtext(f"{DS}X509IssuerSerial/{DS}X509SerialNumber") == str(
        region_identity.certificate.serial_number
    )
    assert "NTRBG-000000001" in data.findtext(f"{DS}X509IssuerSerial/{DS}X509IssuerName")
    der = region_identity.certificate.public_bytes(serialization.Encoding.DER)
    assert base64.b64decode(data.findtext(f"{DS}X509Certificate")) == der


def test_tampered_content_is_refused(region_identity):
    root = _signed(region_identity)
    root.find(".//{%s}DocAbout" % m.NS).text = "Друго относно"
    with pytest.raises(SignatureError, match="not valid"):
        signing.verify(root)


def test_tampered_attachment_is_refused(region_identity):
    root = _signed(region_identity)
    body = root.find(".//{%s}AttBody" % m.NS)
    body.text = base64.b64encode(b"%PDF-1.7 forged").decode()
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_tampered_signature_value_is_refused(region_identity):
    root = _signed(region_identity)
    value = root.find(f"{DS}Signature/{DS}SignatureValue")
    raw = bytearray(base64.b64decode(value.text))
    raw[10] ^= 0xFF
    value.text = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_another_certificate_in_key_info_is_refused(region_identity, municipality_identity):
    """Swapping in someone else's certificate cannot make the signature verify."""
    root = _signed(region_identity)
    other = municipality_identity.certificate.public_bytes(serialization.Encoding.DER)
    root.find(f".//{DS}X509Certificate").text = base64.b64encode(other).decode()
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_a_message_signed_by_someone_else_reports_their_serial(region_identity, municipality_identity):
    """The signature is valid, but it is not the region's: the caller sees the serial and can refuse it."""
    verified = signing.verify(_signed(municipality_identity))
    assert verified.serial_hex == municipality_identity.serial_hex != region_identity.serial_hex


def test_unsigned_message_is_refused():
    root = wire.read(codec.to_bytes(codec.build(registration_request())))
    with pytest.raises(SignatureError, match="exactly one"):
        signing.verify(root)


def test_signature_wrapping_is_refused(region_identity):
    """A second, unsigned Body added after the signed one must not be what the caller reads."""
    root = _signed(region_identity)
    root.insert(2, copy.deepcopy(root[1]))  # Header, Body, Body', Signature
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_signature_must_be_the_last_child_of_message(region_identity):
    root = _signed(region_identity)
    sig = root[-1]
    root.remove(sig)
    root.find("{%s}Body" % m.NS).append(sig)
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_expired_certificate_is_refused():
    old = devkeys.generate(
        "Стара администрация",
        "000000009",
        bits=2048,
        days=30,
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    root = wire.read(wire.emit(registration_request(), old))
    with pytest.raises(SignatureError, match="certificate"):
        signing.verify(root)


def test_only_rsa_sha1_and_rsa_sha256_are_accepted(region_identity):
    root = _signed(region_identity)
    root.find(f"{DS}Signature/{DS}SignedInfo/{DS}SignatureMethod").set(
        "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    )
    with pytest.raises(SignatureError):
        signing.verify(root)


def test_verified_content_is_read_from_the_signed_bytes(region_identity):
    """Comments are outside C14N-without-comments: an injected comment never reaches the caller."""
    root = _signed(region_identity)
    kind = root.find(".//{%s}DocKind" % m.NS)
    kind.insert(0, etree.Comment("unsigned"))
    verified = signing.verify(root)
    assert b"unsigned" not in etree.tostring(verified.root)


@pytest.mark.parametrize(
    ("given", "expected"),
    [(0x00AB12, "AB12"), ("00ab12", "AB12"), ("00:AB:12", "AB12"), ("ab 12", "AB12")],
)
def test_serial_numbers_compare_in_one_form(given, expected):
    assert signing.serial_hex(given) == expected
