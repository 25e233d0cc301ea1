"""``manage.py seos_keys`` creates a usable development key and self-signed certificate."""

import stat

import pytest
from cryptography import x509
from django.core.management import CommandError, call_command

from documents.exchange import wire
from documents.exchange.wire import signing

from .factories import registration_request


def test_creates_a_key_and_certificate_that_sign_and_verify(tmp_path, capsys):
    key, cert = tmp_path / "k" / "key.pem", tmp_path / "k" / "cert.pem"
    call_command("seos_keys", key=str(key), cert=str(cert), name="Община Бяла", eik="000000042", bits=2048)
    out = capsys.readouterr().out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    identity = signing.SigningIdentity.from_files(key, cert)
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    assert "Община Бяла" in certificate.subject.rfc4514_string()
    assert "NTRBG-000000042" in certificate.subject.rfc4514_string()
    assert identity.serial_hex in out
    verified = signing.verify(wire.read(wire.emit(registration_request(), identity)))
    assert verified.serial_hex == identity.serial_hex


def test_refuses_to_overwrite_without_force(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    call_command("seos_keys", key=str(key), cert=str(cert), bits=2048)
    first = cert.read_bytes()
    with pytest.raises(CommandError, match="--force"):
        call_command("seos_keys", key=str(key), cert=str(cert), bits=2048)
    assert cert.read_bytes() == first
    call_command("seos_keys", key=str(key), cert=str(cert), bits=2048, force=True)
    assert cert.read_bytes() != first
