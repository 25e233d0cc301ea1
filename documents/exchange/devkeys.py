"""Development signing keys: an RSA key and a self-signed organisation certificate for it.

Used by ``manage.py seos_keys`` and by the tests and benchmarks. Production uses the organisation
certificate issued to the administration; only its serial number matters to the other participants.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from .wire.signing import SigningIdentity


def generate(
    name: str, eik: str, *, days: int = 730, bits: int = 3072, not_before: dt.datetime | None = None
):
    """A new :class:`SigningIdentity` with a self-signed certificate for ``name`` (ЕИК ``eik``)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BG"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            # eIDAS-style legal-person identifier: NTR + country + national register number (ЕИК).
            x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRBG-{eik}"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (СЕОС)"),
        ]
    )
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(key=key, certificate=certificate)


def key_pem(identity: SigningIdentity) -> bytes:
    return identity.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(identity: SigningIdentity) -> bytes:
    return identity.certificate.public_bytes(serialization.Encoding.PEM)
