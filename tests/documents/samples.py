"""Small real files of every accepted type, made in memory."""

import datetime
import io
import zipfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buf, fmt)
    return buf.getvalue()


def zipped(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content, method in entries:
            zf.writestr(name, content, compress_type=method)
    return buf.getvalue()


def ooxml(folder: str) -> bytes:
    deflate = zipfile.ZIP_DEFLATED
    return zipped(
        [
            ("[Content_Types].xml", "<Types/>", deflate),
            ("_rels/.rels", "<r/>", deflate),
            (f"{folder}/document.xml", "<d/>", deflate),
        ]
    )


def odf(mimetype: str) -> bytes:
    return zipped([("mimetype", mimetype, zipfile.ZIP_STORED), ("content.xml", "<c/>", zipfile.ZIP_DEFLATED)])


def signature(detached: bool = True) -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Тест")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime.datetime(2024, 1, 1))
        .not_valid_after(datetime.datetime(2034, 1, 1))
        .sign(key, hashes.SHA256())
    )
    options = [pkcs7.PKCS7Options.DetachedSignature] if detached else []
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(b"content")
        .add_signer(cert, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, options)
    )


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048

SAMPLES = {
    "pdf": PDF,
    "png": None,  # filled lazily (Pillow)
    "jpg": None,
    "tiff": None,
    "doc": OLE,
    "xls": OLE,
    "docx": None,
    "xlsx": None,
    "odt": None,
    "ods": None,
    "txt": "Уважаеми господин Управител,\n".encode(),
    "xml": '<?xml version="1.0" encoding="utf-8"?><заявление>текст</заявление>'.encode(),
    "p7s": None,
    "p7m": None,
}


def sample(ext: str) -> bytes:
    makers = {
        "png": lambda: image("PNG"),
        "jpg": lambda: image("JPEG"),
        "tiff": lambda: image("TIFF"),
        "docx": lambda: ooxml("word"),
        "xlsx": lambda: ooxml("xl"),
        "odt": lambda: odf("application/vnd.oasis.opendocument.text"),
        "ods": lambda: odf("application/vnd.oasis.opendocument.spreadsheet"),
        "p7s": lambda: signature(True),
        "p7m": lambda: signature(False),
    }
    return makers[ext]() if ext in makers else SAMPLES[ext]


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    ext = name.rsplit(".", 1)[-1]
    return SimpleUploadedFile(
        name, sample(ext) if content is None else content, content_type="application/octet-stream"
    )
