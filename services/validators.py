"""Validators of the applicant's data: ЕИК (with its check digit) and a phone number."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_W9_FIRST = (1, 2, 3, 4, 5, 6, 7, 8)
_W9_SECOND = (3, 4, 5, 6, 7, 8, 9, 10)
_W13_FIRST = (2, 7, 3, 5)
_W13_SECOND = (4, 9, 5, 7)


def _check_digit(digits, first, second) -> int:
    remainder = sum(d * w for d, w in zip(digits, first, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, second, strict=True)) % 11
        if remainder == 10:
            remainder = 0
    return remainder


def is_valid_eik(value: str) -> bool:
    """ЕИК/БУЛСТАТ: 9 digits (legal entities) or 13 (branches), each with its check digit (mod 11)."""
    if not value or not value.isdigit() or len(value) not in (9, 13) or not value.isascii():
        return False
    digits = [int(c) for c in value]
    if _check_digit(digits[:8], _W9_FIRST, _W9_SECOND) != digits[8]:
        return False
    if len(digits) == 13 and _check_digit(digits[8:12], _W13_FIRST, _W13_SECOND) != digits[12]:
        return False
    return True


def normalise_eik(value: str) -> str:
    value = (value or "").strip().upper()
    for prefix in ("BG", "ВG", "ВГ", "БГ"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return re.sub(r"[\s-]", "", value)


def validate_eik(value: str) -> None:
    value = normalise_eik(value)
    if not value.isdigit() or len(value) not in (9, 13):
        raise ValidationError(_("The EIK has 9 or 13 digits."), code="eik_length")
    if not is_valid_eik(value):
        raise ValidationError(
            _("This EIK is not valid: its last digit does not match. Please check it."), code="eik_checksum"
        )


_PHONE = re.compile(r"^\+?[0-9 ()/.-]{6,25}$")


def validate_phone(value: str) -> None:
    digits = re.sub(r"\D", "", value or "")
    if not _PHONE.match((value or "").strip()) or not 6 <= len(digits) <= 15:
        raise ValidationError(
            _("Enter a phone number with digits only, for example 0888 123 456 or +359 82 812 200."),
            code="phone",
        )
