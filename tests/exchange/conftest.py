import pytest

from documents.exchange import devkeys


@pytest.fixture(scope="session")
def region_identity():
    """Signing key and certificate of the regional administration (2048 bits: fast enough for tests)."""
    return devkeys.generate("Областна администрация Русе", "000000001", bits=2048)


@pytest.fixture(scope="session")
def municipality_identity():
    return devkeys.generate("Община Русе", "000000002", bits=2048)
