"""Throwaway certificate authorities for mutual-TLS tests: a CA, server certificates for loopback and
client certificates, written as PEM files (EC P-256 keys: quick to make)."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass
class Pair:
    """A certificate and its key as PEM files."""

    cert: Path
    key: Path
    subject: x509.Name


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "BG"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Тестова администрация"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write(directory: Path, stem: str, cert: x509.Certificate, key) -> Pair:
    cert_file, key_file = directory / f"{stem}-cert.pem", directory / f"{stem}-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return Pair(cert_file, key_file, cert.subject)


class TestCA:
    """A certificate authority that exists for one test: issues server and client certificates."""

    __test__ = False  # not a pytest class

    def __init__(self, directory: Path, name: str):
        self.directory, self.name = directory, name
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.now = dt.datetime.now(dt.UTC)
        subject = _name(name)
        self.cert = (
            self._builder(subject, self.key.public_key())
            .issuer_name(subject)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(self._usage(cert_sign=True), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        self.pair = _write(directory, name, self.cert, self.key)

    @property
    def bundle(self) -> str:
        return str(self.pair.cert)

    def _builder(self, subject: x509.Name, public_key) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - dt.timedelta(minutes=5))
            .not_valid_after(self.now + dt.timedelta(days=1))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    @staticmethod
    def _usage(*, cert_sign: bool = False) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=not cert_sign,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=cert_sign,
            crl_sign=cert_sign,
            encipher_only=False,
            decipher_only=False,
        )

    def _issue(self, stem: str, common_name: str, purpose, sans: list[x509.GeneralName] | None) -> Pair:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            self._builder(_name(common_name), key.public_key())
            .issuer_name(self.cert.subject)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(self._usage(), critical=True)
            .add_extension(x509.ExtendedKeyUsage([purpose]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), critical=False
            )
        )
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        return _write(self.directory, stem, builder.sign(self.key, hashes.SHA256()), key)

    def server(self, stem: str = "server", names: tuple[str, ...] = ("localhost", "127.0.0.1")) -> Pair:
        sans: list[x509.GeneralName] = []
        for name in names:
            try:
                sans.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                sans.append(x509.DNSName(name))
        return self._issue(f"{self.name}-{stem}", names[0], ExtendedKeyUsageOID.SERVER_AUTH, sans)

    def client(self, common_name: str, stem: str = "client") -> Pair:
        return self._issue(f"{self.name}-{stem}", common_name, ExtendedKeyUsageOID.CLIENT_AUTH, None)
