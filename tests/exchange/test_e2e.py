"""End to end: the regional administration and the municipality of Ruse as two real portals on loopback.

Each has its own PostgreSQL database, keys, participants table, gunicorn and Celery worker (own queue on
the suite's Redis). They are driven only through management commands and talk over HTTP.
"""

import uuid

import pytest
from django.conf import settings

from .instances import Instance, database_url_for, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WAIT = 90  # seconds: generous for a loaded two-core machine, still bounded


def _register(index, uri_index, name, direction, purpose="general"):
    return {"index": index, "uri_index": uri_index, "name": name, "direction": direction, "purpose": purpose}


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("seos-e2e")
    suffix = uuid.uuid4().hex[:8]
    db = settings.DATABASES["default"]
    region = Instance(
        "region",
        workdir=workdir,
        database_url=database_url_for(db, f"seos_e2e_region_{suffix}"),
        redis_url=settings.REDIS_URL,
        guid="{5eb1c4e8-0b1a-4c6e-9d39-2f6a1b7c0d01}",
        eik="000000001",
        title="Областна администрация Русе",
    )
    municipality = Instance(
        "municipality",
        workdir=workdir,
        database_url=database_url_for(db, f"seos_e2e_municipality_{suffix}"),
        redis_url=settings.REDIS_URL,
        guid="{0b7e2f1a-55d4-4d2e-8a7e-3c1f9e6b2a02}",
        eik="000530632",
        title="Община Русе",
    )
    instances = (region, municipality)
    try:
        # One migration; the municipality's database starts as a copy of the region's, still empty.
        region.create()
        municipality.create(like=region)
        region.configure(
            [
                _register("ОА-01", 1, "Входяща кореспонденция", "incoming", "seos"),
                _register("ОА-02", 2, "Изходяща кореспонденция", "outgoing"),
            ]
        )
        municipality.configure(
            [
                _register("94-00", 94, "Входящи документи", "incoming", "seos"),
                _register("94-01", 95, "Изходящи документи", "outgoing"),
            ]
        )
        region.know(municipality)
        municipality.know(region)
        for instance in instances:
            instance.start_web()
            instance.start_worker()
        yield region, municipality
    finally:
        for instance in instances:
            instance.stop()
        for instance in instances:
            instance.drop(settings.REDIS_URL)


def _one(documents, guid):
    found = [d for d in documents if d["document_guid"] == guid]
    assert len(found) <= 1, found
    return found[0] if found else None


def _status(instance, direction, guid, status):
    """Wait until ``instance`` shows document ``guid`` in ``status``; returns the document."""
    return wait_for(
        lambda: (doc := _one(instance.documents(direction), guid)) and doc["status"] == status and doc,
        timeout=WAIT,
        what=f"{instance.name}: {direction} {guid} to be {status}",
    )


def test_letter_registration_and_answer_round_trip(pair, tmp_path):
    region, municipality = pair
    letter = tmp_path / "pismo.pdf"
    letter.write_bytes(PDF)

    # The regional administration registers an outgoing letter and sends it over СЕОС.
    sent = region.json_lines(
        "seos_send",
        "--register",
        "ОА-02",
        "--subject",
        "Искане на информация за капиталовата програма",
        "--file",
        str(letter),
        "--to",
        municipality.guid,
    )[0]
    guid, our_number = sent["document_guid"], sent["document"]
    assert our_number.startswith("ОА-02-")

    # The municipality answered at once: waiting for registration.
    _status(region, "out", guid, "DS_WAIT_REGISTRATION")
    received = _status(municipality, "in", guid, "DS_WAIT_REGISTRATION")
    assert received["sender_number"] == our_number and received["attachments"] == ["pismo.pdf"]

    # The municipality's registrar registers it; the region's letter shows the municipality's number.
    registered = municipality.json_lines("seos_register_inbound", guid)[0]
    their_number = registered["number"]
    assert their_number.startswith("94-00-")
    out = _status(region, "out", guid, "DS_REGISTERED")
    assert out["recipient_number"] == their_number and out["recipient_date"]
    assert out["history"] == ["sending", "DS_WAIT_REGISTRATION", "DS_REGISTERED"]

    # The municipality answers with DocParentID naming the region's letter.
    answer_file = tmp_path / "otgovor.pdf"
    answer_file.write_bytes(PDF + b"% answer\n")
    answer = municipality.json_lines(
        "seos_answer",
        guid,
        "--register",
        "94-01",
        "--subject",
        "Отговор на искането",
        "--file",
        str(answer_file),
    )[0]
    answer_guid = answer["document_guid"]
    incoming = _status(region, "in", answer_guid, "DS_WAIT_REGISTRATION")
    assert incoming["parent_guid"] == guid and incoming["parent_document"] == our_number
    assert incoming["sender_number"] == answer["document"]

    # The region registers the answer, linked to its letter; the municipality learns the region's number.
    region_number = region.json_lines("seos_register_inbound", answer_guid)[0]["number"]
    registered_answer = _one(region.documents("in"), answer_guid)
    assert registered_answer["registry_number"] == region_number
    assert our_number in registered_answer["related"]
    back = _status(municipality, "out", answer_guid, "DS_REGISTERED")
    assert back["recipient_number"] == region_number

    # Exactly once: one document each way, every message delivered once.
    assert [d["document_guid"] for d in municipality.documents("in")].count(guid) == 1
    assert all(msg["status"] in ("sent", "received") for msg in region.messages() + municipality.messages())


def test_recipient_down_while_the_sender_retries_gets_the_document_once(pair, tmp_path):
    region, municipality = pair
    municipality.stop_web()
    try:
        sent = region.json_lines(
            "seos_send",
            "--register",
            "ОА-02",
            "--subject",
            "Писмо по време на прекъсване",
            "--to",
            municipality.guid,
        )[0]
        guid = sent["document_guid"]

        def retried():
            rows = [m for m in region.messages("out") if m["type"] == "MSG_DocumentRegistrationRequest"]
            row = rows[-1] if rows else None
            return row and row["status"] == "pending" and row["attempts"] >= 2 and row

        row = wait_for(retried, timeout=WAIT, what="the region to retry delivery")
        assert "Connection" in row["error"]
        assert _one(region.documents("out"), guid)["status"] == "sending"
    finally:
        municipality.start_web()

    _status(region, "out", guid, "DS_WAIT_REGISTRATION")
    assert [d["document_guid"] for d in municipality.documents("in")].count(guid) == 1
    inbound = [m for m in municipality.messages("in") if m["type"] == "MSG_DocumentRegistrationRequest"]
    assert len({m["guid"] for m in inbound}) == len(inbound)  # no MessageGUID twice
