"""Validation against the official СЕОС schema set, loaded from the local copies in ``../schemas``.

The upstream imports have no ``schemaLocation``; a driver schema built here imports each namespace from its
file, dependencies first, so that libxml2 resolves the location-less imports to namespaces already loaded.
No file is edited and nothing is fetched from the network.
"""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

# Namespace -> file, in dependency order (each file's imports come before it).
SCHEMA_FILES = (
    ("http://www.w3.org/2000/09/xmldsig#", "xmldsig-core-schema.xsd"),
    ("http://ereg.egov.bg/value/0008-000001", "0008-000001_BatchNumber.xsd"),
    ("http://ereg.egov.bg/value/0008-000002", "0008-000002_RegisterIndex.xsd"),
    ("http://ereg.egov.bg/value/0008-000003", "0008-000003_DocumentSequenceNumber.xsd"),
    ("http://ereg.egov.bg/value/0008-000004", "0008-000004_DocumentReceiptOrSigningDate.xsd"),
    ("http://ereg.egov.bg/segment/0009-000001", "0009-000001_DocumentURI.xsd"),
    ("http://schemas.egov.bg/messaging/v1", "EGovMessaging.xsd"),
)


class SchemaError(ValueError):
    """The document does not conform to EGovMessaging.xsd; ``errors`` lists libxml2's messages."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[:3]) or "not valid against EGovMessaging.xsd")


class _LocalOnlyResolver(etree.Resolver):
    """Refuse anything the schema files might name outside the schema folder (defence in depth)."""

    def resolve(self, url, public_id, context):
        path = Path(url.removeprefix("file://")).resolve() if url else None
        if path is None or path.parent != SCHEMA_DIR or not path.is_file():
            raise etree.XMLSchemaParseError(f"schema resource outside {SCHEMA_DIR}: {url!r}")
        return self.resolve_filename(str(path), context)


def _build() -> etree.XMLSchema:
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in SCHEMA_FILES)
    driver = (
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:portal:seos:driver">'
        f"{imports}</xsd:schema>"
    )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(_LocalOnlyResolver())
    doc = etree.fromstring(driver.encode(), parser, base_url=str(SCHEMA_DIR / "driver.xsd"))
    return etree.XMLSchema(doc)


# An XMLSchema object keeps its error log on itself, so each thread validates with its own instance.
_local = threading.local()


def schema() -> etree.XMLSchema:
    xsd = getattr(_local, "schema", None)
    if xsd is None:
        xsd = _local.schema = _build()
    return xsd


def validate(root: etree._Element) -> None:
    """Raise :class:`SchemaError` unless ``root`` is a valid СЕОС ``Message``."""
    xsd = schema()
    if not xsd.validate(root):
        raise SchemaError([f"line {e.line}: {e.message}" for e in xsd.error_log])
