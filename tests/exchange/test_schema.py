"""Every message type and variant the portal emits validates against EGovMessaging.xsd; samples parse."""

import dataclasses
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from lxml import etree

from documents.exchange import wire
from documents.exchange.wire import codec, schema
from documents.exchange.wire import messages as m
from documents.exchange.wire.signing import SignatureAlgorithm

from .factories import DocumentIdFactory, message, registration_request

SHARED_SAMPLES = Path("/work/shared/seos/samples")
SAMPLES_DIR = Path(__file__).parent / "samples"


def _variants():
    doc_guid = m.new_guid()
    yield "registration minimal", registration_request()
    yield "registration with every field", registration_request(full=True)
    yield "registration by URI", registration_request(id=DocumentIdFactory(with_uri=True))
    yield "registration with GUID only", registration_request(id=DocumentIdFactory())
    yield (
        "registration with a partial URI",
        registration_request(id=DocumentIdFactory(uri=m.DocumentURI(register_index=7))),
    )
    yield (
        "registration answering with DocParentID",
        registration_request(parent_id=DocumentIdFactory(with_uri=True)),
    )
    yield "status request", message(m.StatusRequest(doc_id=m.DocumentId(guid=doc_guid)))
    yield "status request with number", message(m.StatusRequest(doc_id=DocumentIdFactory(numbered=True)))
    for status in m.DocStatus:
        yield (
            f"status response {status}",
            message(m.StatusResponse(doc_id=m.DocumentId(guid=doc_guid), status=status)),
        )
    yield (
        "status response registered with number and dates",
        message(
            m.StatusResponse(
                doc_id=DocumentIdFactory(numbered=True),
                status=m.DocStatus.REGISTERED,
                expected_close_date=dt.date(2026, 12, 13),
                add_data='<n:Note xmlns:n="urn:example:note">Регистрирано</n:Note> и текст',
            )
        ),
    )
    yield (
        "status response registered with URI",
        message(m.StatusResponse(doc_id=DocumentIdFactory(with_uri=True), status=m.DocStatus.REGISTERED)),
    )
    yield (
        "status response rejected with reason",
        message(
            m.StatusResponse(
                doc_id=m.DocumentId(guid=doc_guid),
                status=m.DocStatus.REJECTED,
                rejection_reason="Липсва подпис",
            )
        ),
    )
    for error_type in m.ErrorType:
        yield (
            f"error {error_type}",
            message(m.Error(error_type=error_type, description="Грешка", message_guid=m.new_guid())),
        )
    yield (
        "error without MessageGUID",
        message(m.Error(error_type=m.ErrorType.EXTERNAL, description="Невалиден XML")),
    )


VARIANTS = list(_variants())


@pytest.mark.parametrize(("label", "msg"), VARIANTS, ids=[label for label, _ in VARIANTS])
def test_every_built_message_validates_and_round_trips(label, msg):
    root = codec.build(msg)
    schema.validate(root)
    assert codec.parse(root) == msg


@pytest.mark.parametrize("algorithm", list(SignatureAlgorithm))
@pytest.mark.parametrize(("label", "msg"), VARIANTS, ids=[label for label, _ in VARIANTS])
def test_every_emitted_signed_message_validates(label, msg, algorithm, region_identity):
    data = wire.emit(msg, region_identity, algorithm)
    root = wire.read(data)  # the same checks an inbound message gets: safe parse + schema
    assert root[-1].tag == "{http://www.w3.org/2000/09/xmldsig#}Signature"
    assert codec.parse(root) == msg


def test_header_fields_and_braced_guids():
    msg = registration_request()
    root = codec.build(msg)
    ns = {"s": m.NS}
    assert root.findtext("s:Header/s:Version", namespaces=ns) == "1.0"
    assert root.findtext("s:Header/s:MessageType", namespaces=ns) == "MSG_DocumentRegistrationRequest"
    assert root.findtext("s:Header/s:MessageDate", namespaces=ns) == "2026-11-29T10:15:00+02:00"
    guid = root.findtext("s:Header/s:MessageGUID", namespaces=ns)
    assert re.fullmatch(r"\{[0-9a-f-]{36}\}", guid)


def test_correspondent_element_keeps_the_schema_spelling():
    root = codec.build(registration_request(full=True))
    names = {etree.QName(el).localname for el in root.iter()}
    assert "Corespondent" in names and "Correspondent" not in names


def test_document_uri_children_are_in_the_rio_namespace():
    root = codec.build(registration_request(id=DocumentIdFactory(with_uri=True)))
    uri = root.find(".//{%s}DocumentURI" % m.NS)
    assert [el.tag for el in uri] == [
        "{http://ereg.egov.bg/segment/0009-000001}RegisterIndex",
        "{http://ereg.egov.bg/segment/0009-000001}SequenceNumber",
        "{http://ereg.egov.bg/segment/0009-000001}ReceiptOrSigningDate",
    ]


def test_attachments_travel_as_base64_and_come_back_byte_for_byte():
    payload = bytes(range(256)) * 100
    msg = registration_request(
        attachments=(
            m.Attachment(file_name="data.bin", content=payload, mime_type="application/octet-stream"),
        )
    )
    root = codec.build(msg)
    assert root.find(".//{%s}AttBody" % m.NS).text.startswith("AAECAwQF")
    assert codec.parse(root).body.document.attachments[0].content == payload


def test_a_message_the_schema_refuses_is_never_emitted(region_identity):
    # A DocumentGUID without braces cannot be written by the dataclasses' users by accident...
    bad = registration_request(id=m.DocumentId(guid="44444444-4444-4444-4444-444444444444"))
    with pytest.raises(schema.SchemaError) as exc:
        wire.emit(bad, region_identity)
    assert "DocumentGUID" in str(exc.value)


def test_docid_cannot_carry_both_a_number_and_a_uri():
    with pytest.raises(ValueError, match="not both"):
        m.DocumentId(
            guid=m.new_guid(), number=m.DocumentNumber("1", dt.date(2026, 1, 1)), uri=m.DocumentURI(1)
        )


def test_message_type_must_match_the_body():
    root = codec.build(message(m.StatusRequest(doc_id=m.DocumentId(guid=m.new_guid()))))
    root.find(".//{%s}MessageType" % m.NS).text = "MSG_Error"
    schema.validate(root)  # the schema cannot see the mismatch ...
    with pytest.raises(codec.MessageFormatError):
        codec.parse(root)  # ... the codec does


def test_schema_errors_name_the_problem():
    root = codec.build(registration_request())
    root.find(".//{%s}DocKind" % m.NS).getparent().remove(root.find(".//{%s}DocKind" % m.NS))
    with pytest.raises(schema.SchemaError) as exc:
        schema.validate(root)
    assert "DocKind" in str(exc.value)


@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*.xml")), ids=lambda p: p.name)
def test_the_six_samples_validate_and_parse(path):
    msg = codec.parse(wire.read(path.read_bytes()))
    assert msg.type.value in path.name
    assert msg.sender.guid.startswith("{") and msg.guid.startswith("{")


def test_sample_contents_are_read_faithfully():
    request = codec.parse(wire.read((SAMPLES_DIR / "01_MSG_DocumentRegistrationRequest.xml").read_bytes()))
    doc = request.body.document
    assert doc.id.number == m.DocumentNumber("ОА-04-123", dt.date(2026, 11, 29))
    assert doc.attachments[0].content.startswith(b"%PDF-1.7")
    assert doc.correspondents[0].kind is m.CorrespondentKind.OTHER
    assert doc.requested_close_date == dt.date(2026, 12, 13)
    assert request.date == dt.datetime(2026, 11, 29, 8, 15, tzinfo=dt.UTC)
    registered = codec.parse(
        wire.read((SAMPLES_DIR / "03_MSG_DocumentStatusResponse_async_registered.xml").read_bytes())
    )
    assert registered.body.status is m.DocStatus.REGISTERED
    assert registered.body.doc_id.number.number == "94-00-1234"
    rejected = codec.parse(
        wire.read((SAMPLES_DIR / "04_MSG_DocumentStatusResponse_rejected.xml").read_bytes())
    )
    assert rejected.body.rejection_reason.startswith("Документът не е подписан")
    error = codec.parse(wire.read((SAMPLES_DIR / "06_MSG_Error.xml").read_bytes()))
    assert error.body == m.Error(
        m.ErrorType.EXTERNAL,
        "Невалиден електронен подпис на съобщението.",
        "{33333333-3333-3333-3333-333333333333}",
    )


def test_samples_are_the_shared_ones():
    if not SHARED_SAMPLES.exists():
        pytest.skip("the shared reference folder is not on this machine")
    for path in SAMPLES_DIR.glob("*.xml"):
        assert path.read_bytes() == (SHARED_SAMPLES / path.name).read_bytes()


def test_schema_files_are_the_verbatim_copies_named_in_provenance():
    folder = Path(schema.SCHEMA_DIR)
    provenance = (folder / "PROVENANCE.md").read_text()
    listed = dict(
        (name, digest) for digest, name in re.findall(r"^\s+([0-9a-f]{64})\s+(\S+)$", provenance, flags=re.M)
    )
    assert len(listed) == 9
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_dotnet_datetimes_are_read():
    assert codec._xsd_datetime("2026-11-29T10:15:00.1234567+02:00") == dt.datetime(
        2026, 11, 29, 8, 15, 0, 123456, tzinfo=dt.UTC
    )
    naive = codec._xsd_datetime("2026-11-29T10:15:00")
    assert naive.utcoffset() == dt.timedelta(hours=2)  # Europe/Sofia in winter
    assert codec._xsd_date("2026-11-29+02:00") == dt.date(2026, 11, 29)


def test_guids_are_normalised_to_lower_case_in_braces():
    assert (
        m.normalize_guid("7060EFA8-F1FA-4938-8B2B-12A78C86988F") == "{7060efa8-f1fa-4938-8b2b-12a78c86988f}"
    )
    with pytest.raises(ValueError):
        m.normalize_guid("{not-a-guid}")


def test_dataclasses_are_immutable():
    msg = registration_request()
    with pytest.raises(dataclasses.FrozenInstanceError):
        msg.guid = "x"
