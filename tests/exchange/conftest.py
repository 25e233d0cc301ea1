import pytest

from documents.exchange import devkeys
from documents.exchange.wire import messages as m

REGION = m.Entity("000000001", "Областна администрация Русе", "{5eb1c4e8-0b1a-4c6e-9d39-2f6a1b7c0d01}")
MUNICIPALITY = m.Entity("000000002", "Община Русе", "{0b7e2f1a-55d4-4d2e-8a7e-3c1f9e6b2a02}")


@pytest.fixture(scope="session")
def region_identity():
    """Signing key and certificate of the regional administration (2048 bits: fast enough for tests)."""
    return devkeys.generate("Областна администрация Русе", "000000001", bits=2048)


@pytest.fixture(scope="session")
def municipality_identity():
    return devkeys.generate("Община Русе", "000000002", bits=2048)


@pytest.fixture
def region(settings, tmp_path, region_identity):
    """The portal under test is the regional administration, with its key and certificate on disk."""
    key, cert = tmp_path / "region-key.pem", tmp_path / "region-cert.pem"
    key.write_bytes(devkeys.key_pem(region_identity))
    cert.write_bytes(devkeys.cert_pem(region_identity))
    settings.SEOS_GUID, settings.SEOS_EIK, settings.SEOS_NAME = REGION.guid, REGION.identifier, REGION.name
    settings.SEOS_KEY_FILE, settings.SEOS_CERT_FILE = str(key), str(cert)
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return REGION


@pytest.fixture
def municipality(db, region, municipality_identity):
    """Община Русе as an active participant whose certificate is the municipality identity's."""
    from .factories import ParticipantFactory

    return ParticipantFactory(
        guid=MUNICIPALITY.guid,
        eik=MUNICIPALITY.identifier,
        name=MUNICIPALITY.name,
        certificate_serial=municipality_identity.serial_hex,
    )
