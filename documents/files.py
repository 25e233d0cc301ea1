"""Checking uploaded files: by content (libmagic), extension and size; SHA-256 computed on the way.

``check_upload`` is shared by the registry, the e-services and the СЕОС inbox. It never trusts the
browser's content type or the file name: the bytes decide, and they must agree with the extension.
"""

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass

import magic
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE = {
    "application/x-ole-storage",
    "application/CDFV2",
    "application/vnd.ms-office",
    "application/msword",
    "application/vnd.ms-excel",
}
OOXML_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OOXML_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

#: Extension -> content types libmagic may report for it. The default allow-list of the portal.
DEFAULT_ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"application/pdf"}),
    "png": frozenset({"image/png"}),
    "jpg": frozenset({"image/jpeg"}),
    "jpeg": frozenset({"image/jpeg"}),
    "tif": frozenset({"image/tiff"}),
    "tiff": frozenset({"image/tiff"}),
    "doc": frozenset(OLE),
    "docx": frozenset({OOXML_WORD}),
    "odt": frozenset({ODT}),
    "xls": frozenset(OLE),
    "xlsx": frozenset({OOXML_SHEET}),
    "ods": frozenset({ODS}),
    "txt": frozenset({"text/plain"}),
    "xml": frozenset({"text/xml", "application/xml"}),
    "p7s": frozenset({"application/pkcs7-signature"}),
    "p7m": frozenset({"application/pkcs7-mime"}),
}
# What the file is stored and served as (one canonical type per extension).
CANONICAL_TYPE = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "xml": "application/xml",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
SNIFF_BYTES = 64 * 1024
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """The facts of an accepted file."""

    name: str
    content_type: str
    size: int
    sha256: str


def clean_name(name: str) -> str:
    """The base name only (no directories), without control characters; at most 200 characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 199 - len(ext)] + dot + ext) if dot else base[:200]
    return base or "file"


def _zip_kind(head: bytes, fileobj) -> str | None:
    """Tell DOCX/XLSX/ODT/ODS apart when libmagic only says "zip" (entries beyond the first bytes)."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mt = zf.read("mimetype").decode("ascii", "replace").strip()
                return mt if mt in (ODT, ODS) else None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return OOXML_WORD
                if any(n.startswith("xl/") for n in names):
                    return OOXML_SHEET
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_type(head: bytes, fileobj=None) -> str:
    """The content type from the bytes, with the cases libmagic reports vaguely resolved."""
    detected = magic.from_buffer(head, mime=True)
    if detected == "application/octet-stream" and "PKCS#7" in magic.from_buffer(head):
        return "application/pkcs7-signature"
    if detected == "text/plain" and head.lstrip().startswith((b"-----BEGIN PKCS7", b"-----BEGIN CMS")):
        return "application/pkcs7-signature"
    if detected in ("application/zip", "application/octet-stream") and fileobj is not None:
        return _zip_kind(head, fileobj) or detected
    return detected


def _types_for(ext: str) -> frozenset[str]:
    types = DEFAULT_ALLOWED_TYPES.get(ext, frozenset())
    if ext in ("p7s", "p7m"):  # a detached (.p7s) and an enveloping (.p7m) signature look alike
        return frozenset({"application/pkcs7-signature", "application/pkcs7-mime"})
    return types


def check_upload(uploaded_file, *, max_bytes: int = DEFAULT_MAX_BYTES, allowed_types=None) -> CheckedFile:
    """Accept ``uploaded_file`` (a Django ``File``/``UploadedFile``) or raise ``ValidationError``.

    ``allowed_types``: extensions to accept (e.g. ``["pdf", "jpg"]``, or a register's ``extensions``);
    ``None`` means ``DEFAULT_ALLOWED_TYPES``. Refused, with a message naming the file: an empty file, a file
    over ``max_bytes``, an extension not on the list, content that does not match the extension.
    The file is left at position 0.
    """
    name = clean_name(getattr(uploaded_file, "name", "") or "")
    allowed = sorted({e.lower().lstrip(".") for e in (allowed_types or DEFAULT_ALLOWED_TYPES)})
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, io.SEEK_END)
        size = uploaded_file.tell()
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": name})
    if size > max_bytes:
        raise ValidationError(
            _("The file “%(name)s” is %(size)s; the largest file accepted is %(limit)s."),
            code="too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if ext not in allowed or ext not in DEFAULT_ALLOWED_TYPES:
        raise ValidationError(
            _("The file “%(name)s” is not of an accepted type. Accepted: %(allowed)s."),
            code="type_not_allowed",
            params={"name": name, "allowed": ", ".join(e for e in allowed if e in DEFAULT_ALLOWED_TYPES)},
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    detected = detect_type(head, uploaded_file)
    if detected not in _types_for(ext):
        raise ValidationError(
            _(
                "The content of “%(name)s” does not match its extension .%(ext)s "
                "(the file looks like %(detected)s)."
            ),
            code="type_mismatch",
            params={"name": name, "ext": ext, "detected": detected},
        )
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in iter(lambda: uploaded_file.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded_file.seek(0)
    content_type = CANONICAL_TYPE.get(ext) or (
        "application/pkcs7-mime"
        if ext == "p7m"
        else "application/pkcs7-signature"
        if ext == "p7s"
        else detected
    )
    return CheckedFile(name=name, content_type=content_type, size=size, sha256=digest.hexdigest())
