"""Import participants from the СЕОС registry's ``GetAllRecords`` answer (EgovRegistry.wsdl) or from CSV.

The registry answers in SOAP rpc/encoded: an ``EGovMessageDir`` with ``Entities`` (``item`` elements of type
``Entity``: EntityIdentifier, Guid, ParentGuid, AdministrativeBodyName, Contact{Phone, Fax, EmailAddress},
CertificateSN, Services[] {Guid, Name, URI, Status, Type, Version}, LastChange, Status). Elements are read
by local name, and SOAP-encoding ``href``/``id`` references are followed, so the same code reads what
different SOAP stacks write. The document-exchange address is the URI of the service whose GUID is
``{7060efa8-f1fa-4938-8b2b-12a78c86988f}``.

An import is all or nothing: every row is checked first; any problem and nothing is written, with a
message per row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from lxml import etree

from . import conf
from .models import Participant
from .models.participants import NIL_GUID
from .wire import safexml
from .wire.messages import normalize_guid
from .wire.signing import serial_hex

STATUSES = {s.value.lower(): s.value for s in Participant.Status}

# CSV: our column names, and the registry's names accepted as aliases.
CSV_COLUMNS = {
    "guid": ("guid",),
    "eik": ("eik", "entityidentifier", "еик"),
    "name": ("name", "administrativebodyname", "наименование"),
    "parent_guid": ("parent_guid", "parentguid"),
    "phone": ("phone",),
    "fax": ("fax",),
    "email": ("email", "emailaddress"),
    "certificate_serial": ("certificate_serial", "certificatesn"),
    "status": ("status",),
    "service_uri": ("service_uri", "uri"),
    "service_status": ("service_status",),
    "signature_algorithm": ("signature_algorithm",),
}


@dataclass
class Record:
    guid: str
    eik: str
    name: str
    parent_guid: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    certificate_serial: str = ""
    status: str = Participant.Status.ACTIVE
    service_uri: str = ""
    service_status: str = Participant.Status.ACTIVE
    signature_algorithm: str = ""
    last_change: dt.datetime | None = None


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el, name):
    for child in el:
        if _local(child) == name:
            return child
    return None


def _text(el, name) -> str:
    child = _child(el, name) if el is not None else None
    return (child.text or "").strip() if child is not None else ""


def records_from_registry_xml(data: bytes) -> list[Record]:
    """The entities in a ``GetAllRecords`` (or GetNewRecords/GetBy…) SOAP answer."""
    limits = safexml.ParseLimits(max_bytes=200 * 1024 * 1024, max_elements=2_000_000, max_depth=32)
    root = safexml.parse(data, limits)
    by_id = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}

    def deref(el):
        href = el.get("href") if el is not None else None
        return by_id.get(href[1:], el) if href and href.startswith("#") else el

    records = []
    for el in root.iter():
        el = deref(el)
        if (
            not isinstance(el.tag, str)
            or _child(el, "EntityIdentifier") is None
            or _child(el, "Guid") is None
        ):
            continue
        contact = deref(_child(el, "Contact"))
        service_uri, service_status = "", Participant.Status.INACTIVE
        services = deref(_child(el, "Services"))
        for svc in services if services is not None else ():
            svc = deref(svc)
            guid = _text(svc, "Guid")
            try:
                is_exchange = normalize_guid(guid) == conf.DOC_EXCHANGE_SERVICE_GUID
            except ValueError:
                is_exchange = False
            if is_exchange:
                service_uri, service_status = (
                    _text(svc, "URI"),
                    _text(svc, "Status") or Participant.Status.ACTIVE,
                )
        records.append(
            Record(
                guid=_text(el, "Guid"),
                eik=_text(el, "EntityIdentifier"),
                name=_text(el, "AdministrativeBodyName"),
                parent_guid=_text(el, "ParentGuid"),
                phone=_text(contact, "Phone"),
                fax=_text(contact, "Fax"),
                email=_text(contact, "EmailAddress"),
                certificate_serial=_text(el, "CertificateSN"),
                status=_text(el, "Status") or Participant.Status.ACTIVE,
                service_uri=service_uri,
                service_status=service_status,
                last_change=parse_datetime(_text(el, "LastChange") or "")
                if _text(el, "LastChange")
                else None,
            )
        )
    # An entity referenced twice (multiRef) is still one entity.
    unique = {}
    for record in records:
        unique.setdefault(record.guid.lower(), record)
    return list(unique.values())


def records_from_csv(text: str) -> list[Record]:
    """Rows of a CSV with a header row (comma or semicolon separated; see ``CSV_COLUMNS``)."""
    sample = text[:4096]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    aliases = {alias: key for key, names in CSV_COLUMNS.items() for alias in names}
    records = []
    for row in reader:
        values = {
            aliases[k.strip().lower()]: (v or "").strip()
            for k, v in row.items()
            if k and k.strip().lower() in aliases
        }
        if not any(values.values()):
            continue
        records.append(
            Record(
                guid=values.get("guid", ""),
                eik=values.get("eik", ""),
                name=values.get("name", ""),
                parent_guid=values.get("parent_guid", ""),
                phone=values.get("phone", ""),
                fax=values.get("fax", ""),
                email=values.get("email", ""),
                certificate_serial=values.get("certificate_serial", ""),
                status=values.get("status") or Participant.Status.ACTIVE,
                service_uri=values.get("service_uri", ""),
                service_status=values.get("service_status") or Participant.Status.ACTIVE,
                signature_algorithm=values.get("signature_algorithm", ""),
            )
        )
    return records


def read_file(name: str, data: bytes) -> list[Record]:
    """Records from a file: XML (the registry's answer) or CSV, told apart by content, not by name."""
    head = data.lstrip()[:1]
    if head == b"<":
        return records_from_registry_xml(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file %(name)s is neither XML nor UTF-8 CSV.") % {"name": name}) from exc
    return records_from_csv(text)


def _status(value: str, line: int, errors: list[str]) -> str:
    status = STATUSES.get((value or "").strip().lower())
    if status is None:
        errors.append(_("Row %(n)s: unknown status %(value)s.") % {"n": line, "value": value})
    return status or Participant.Status.INACTIVE


def _clean(records: list[Record]) -> tuple[list[dict], list[str]]:
    rows, errors, seen = [], [], set()
    algorithms = {value for value, _label in Participant._meta.get_field("signature_algorithm").choices}
    for line, rec in enumerate(records, start=1):
        try:
            guid = normalize_guid(rec.guid)
        except ValueError:
            errors.append(_("Row %(n)s: %(value)s is not a GUID.") % {"n": line, "value": rec.guid or "—"})
            continue
        if guid in seen:
            errors.append(_("Row %(n)s: GUID %(guid)s appears twice.") % {"n": line, "guid": guid})
            continue
        seen.add(guid)
        if not rec.name or not rec.eik:
            errors.append(_("Row %(n)s: the name and ЕИК are required.") % {"n": line})
        try:
            serial = serial_hex(rec.certificate_serial) if rec.certificate_serial else ""
        except ValueError:
            errors.append(_("Row %(n)s: the certificate serial number is not hexadecimal.") % {"n": line})
            serial = ""
        parent = ""
        if rec.parent_guid:
            try:
                parent = normalize_guid(rec.parent_guid)
            except ValueError:
                errors.append(_("Row %(n)s: the parent GUID is not a GUID.") % {"n": line})
        if rec.signature_algorithm and rec.signature_algorithm not in algorithms:
            errors.append(
                _("Row %(n)s: signature algorithm must be one of %(values)s.")
                % {"n": line, "values": ", ".join(sorted(algorithms))}
            )
        rows.append(
            {
                "guid": guid,
                "fields": {
                    "eik": rec.eik[:20],
                    "name": rec.name[:500],
                    "phone": rec.phone[:100],
                    "fax": rec.fax[:100],
                    "email": rec.email[:254],
                    "certificate_serial": serial,
                    "status": _status(rec.status, line, errors),
                    "service_uri": rec.service_uri[:500],
                    "service_status": _status(rec.service_status, line, errors),
                    "registry_last_change": rec.last_change,
                    **({"signature_algorithm": rec.signature_algorithm} if rec.signature_algorithm else {}),
                },
                "parent_guid": "" if parent == NIL_GUID else parent,
            }
        )
    return rows, errors


def import_records(records: list[Record]) -> Result:
    """Create or update participants by GUID (all or nothing). The local signature algorithm of an
    existing participant is kept unless the file names one."""
    rows, errors = _clean(records)
    result = Result(errors=errors)
    if errors:
        return result
    with transaction.atomic():
        existing = {p.guid: p for p in Participant.objects.filter(guid__in=[r["guid"] for r in rows])}
        for line, row in enumerate(rows, start=1):
            participant = existing.get(row["guid"])
            created = participant is None
            if created:
                participant = Participant(guid=row["guid"])
            changed = {k: v for k, v in row["fields"].items() if getattr(participant, k) != v}
            for key, value in changed.items():
                setattr(participant, key, value)
            if not (created or changed):
                result.unchanged += 1
                continue
            try:
                participant.full_clean(exclude=["parent"], validate_unique=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    result.errors.extend(
                        _("Row %(n)s, %(field)s: %(message)s")
                        % {"n": line, "field": name, "message": message}
                        for message in messages
                    )
                continue
            participant.save()
            existing[row["guid"]] = participant
            if created:
                result.created += 1
            else:
                result.updated += 1
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
            return result
        # Parents last: a parent may come later in the file, or already be in the table.
        parents = {
            p.guid: p for p in Participant.objects.filter(guid__in={r["parent_guid"] for r in rows} - {""})
        }
        for row in rows:
            participant = existing[row["guid"]]
            parent = parents.get(row["parent_guid"])
            if parent is not None and participant.parent_id != parent.pk and parent.pk != participant.pk:
                Participant.objects.filter(pk=participant.pk).update(parent=parent)
    return result
