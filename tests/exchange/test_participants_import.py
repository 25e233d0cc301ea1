"""Importing participants: the registry's GetAllRecords answer and CSV, through the management command."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents.exchange.models import Participant

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def run(path) -> str:
    out = io.StringIO()
    call_command("seos_import_participants", str(path), stdout=out)
    return out.getvalue()


def test_get_all_records_answer_is_imported(region):
    run(DATA / "get_all_records.xml")
    ruse = Participant.objects.get(eik="000530632")
    assert ruse.guid == "{0b7e2f1a-55d4-4d2e-8a7e-3c1f9e6b2a02}"
    assert (
        ruse.name == "Община Русе"
        and ruse.phone == "082 881 802"
        and ruse.email == "obshtina@example.invalid"
    )
    assert ruse.certificate_serial == "A1B2C3D4"
    # The address is the document-exchange service's ({7060efa8-…}), not any other service's.
    assert ruse.service_uri == "https://ruse.ob.obmen.local:8443/DocExchangeService/"
    assert ruse.status == "Active" and ruse.parent is None
    assert ruse.registry_last_change.isoformat() == "2024-01-15T08:00:00+00:00"
    byala = Participant.objects.get(eik="000133634")  # written with SOAP multiRef elements
    assert byala.service_uri == "https://byala.ob.obmen.local/EDocExchangeService"
    assert byala.email == "byala@example.invalid" and byala.certificate_serial == "7F00AA"
    village = Participant.objects.get(eik="000530999")
    assert village.status == "TemporarilyInactive" and village.parent == ruse
    assert village.service_uri == "" and not village.can_receive


def test_importing_again_updates_by_guid_and_keeps_the_local_algorithm(region):
    run(DATA / "get_all_records.xml")
    Participant.objects.filter(eik="000530632").update(signature_algorithm="rsa-sha1", name="Старо име")
    out = run(DATA / "get_all_records.xml")
    assert "0 добавени, 1 обновени, 2 без промяна" in out  # Bulgarian: the default language
    ruse = Participant.objects.get(eik="000530632")
    assert ruse.name == "Община Русе" and ruse.signature_algorithm == "rsa-sha1"
    assert Participant.objects.count() == 3


def test_csv_with_registry_or_own_column_names(tmp_path, region):
    path = tmp_path / "participants.csv"
    path.write_text(
        "Guid,EntityIdentifier,AdministrativeBodyName,CertificateSN,Status,URI,signature_algorithm\n"
        "{44444444-5555-6666-7777-888888888888},000530632,Община Русе,00ff,Active,https://r.example/s,rsa-sha1\n",
        encoding="utf-8",
    )
    assert "1 добавени" in run(path)
    p = Participant.objects.get()
    assert (p.certificate_serial, p.service_uri, p.signature_algorithm) == (
        "FF",
        "https://r.example/s",
        "rsa-sha1",
    )


def test_a_bad_file_imports_nothing_and_says_which_rows(tmp_path, region):
    ParticipantFactory(name="Вече е тук")
    path = tmp_path / "bad.csv"
    path.write_text(
        "guid;eik;name;status;certificate_serial\n"
        "{55555555-5555-6666-7777-888888888888};000530632;Добър ред;Active;0A\n"
        "{66666666-5555-6666-7777-888888888888};000530633;Лош статус;Sleeping;0A\n"
        "not-a-guid;1;Лош GUID;Active;0A\n"
        "{77777777-5555-6666-7777-888888888888};000530634;Лош сериен номер;Active;XYZ\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        run(path)
    message = str(exc.value)
    assert "Ред 2" in message and "Ред 3" in message and "Ред 4" in message and "Ред 1:" not in message
    assert Participant.objects.count() == 1


def test_hostile_xml_is_refused(tmp_path, region):
    path = tmp_path / "evil.xml"
    path.write_bytes(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    with pytest.raises(CommandError, match="DOCTYPE"):
        run(path)
    assert Participant.objects.count() == 0
