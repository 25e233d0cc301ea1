"""check_upload: type from the bytes, extension, size, emptiness; messages name the file, in Bulgarian."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from documents.files import DEFAULT_ALLOWED_TYPES, check_upload, clean_name
from tests.documents.samples import PDF, SAMPLES, sample, upload


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_every_default_type_is_accepted_by_its_content(ext):
    content = sample(ext)
    checked = check_upload(upload(f"файл.{ext}", content))
    assert checked.name == f"файл.{ext}"
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.content_type


def test_the_default_list_is_what_the_portal_promises():
    assert set(DEFAULT_ALLOWED_TYPES) == set(SAMPLES) | {"jpeg", "tif"}


def test_the_file_stays_readable_from_the_start():
    f = upload("a.pdf")
    check_upload(f)
    assert f.read(4) == b"%PDF"


def message(exc) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "name, content, code, words",
    [
        ("празно.pdf", b"", "empty", ["„празно.pdf“ е празен"]),
        ("програма.pdf", b"MZ\x90\x00" + b"\0" * 100, "type_mismatch", ["програма.pdf", ".pdf"]),
        ("снимка.png", PDF, "type_mismatch", ["снимка.png", "application/pdf"]),
        ("архив.docx", None, "type_mismatch", ["архив.docx"]),
        ("страница.html", b"<html><body>x</body></html>", "type_not_allowed", ["страница.html", "pdf"]),
        ("без-разширение", PDF, "type_not_allowed", ["без-разширение"]),
    ],
)
def test_refusals_say_which_file_and_why(name, content, code, words):
    if content is None:
        content = sample("odt")  # an ODF zip named .docx
    with translation.override("bg"), pytest.raises(ValidationError) as exc:
        check_upload(upload(name, content))
    assert exc.value.code == code
    for word in words:
        assert word in message(exc)


def test_too_large_names_the_limit():
    with translation.override("bg"), pytest.raises(ValidationError) as exc:
        check_upload(upload("голям.pdf", PDF + b"0" * 2048), max_bytes=1024)
    assert exc.value.code == "too_large"
    assert "голям.pdf" in message(exc) and "1,0\xa0KБ" in message(exc)


def test_a_register_can_narrow_the_list():
    check_upload(upload("a.pdf"), allowed_types=["pdf"])
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("a.png"), allowed_types=["pdf"])
    assert exc.value.code == "type_not_allowed"


def test_a_list_cannot_widen_beyond_what_can_be_checked():
    with pytest.raises(ValidationError):
        check_upload(upload("a.exe", b"MZ\x90\x00" + b"\0" * 100), allowed_types=["exe"])


def test_names_lose_directories_and_control_characters():
    assert clean_name("C:\\Users\\x\\..\\молба.pdf") == "молба.pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("a\x00b.pdf") == "ab.pdf"
    assert clean_name("") == "file"
