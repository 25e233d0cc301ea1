"""Validators for Bulgarian identifiers: ЕИК/БУЛСТАТ and ЕГН (check digits per the official algorithms)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _eik_digit(digits: str, weights: tuple[int, ...], alt: tuple[int, ...]) -> int:
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if total == 10:
        total = sum(int(d) * w for d, w in zip(digits, alt, strict=True)) % 11
    return 0 if total == 10 else total


def is_valid_eik(value: str) -> bool:
    """ЕИК/БУЛСТАТ: 9 digits (legal entity) or 13 digits (branch), with their check digits."""
    if not value.isdigit() or len(value) not in (9, 13):
        return False
    if _eik_digit(value[:8], tuple(range(1, 9)), tuple(range(3, 11))) != int(value[8]):
        return False
    if len(value) == 13:
        return _eik_digit(value[8:12], (2, 7, 3, 5), (4, 9, 5, 7)) == int(value[12])
    return True


def is_valid_egn(value: str) -> bool:
    """ЕГН: 10 digits, a real birth date (month +20 for 1800s, +40 for 2000s) and the check digit."""
    if not value.isdigit() or len(value) != 10:
        return False
    year, month, day = int(value[:2]), int(value[2:4]), int(value[4:6])
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    check = sum(int(d) * w for d, w in zip(value[:9], (2, 4, 8, 5, 10, 9, 7, 3, 6), strict=True)) % 11
    return (0 if check == 10 else check) == int(value[9])


def validate_eik(value: str) -> None:
    if value and not is_valid_eik(value):
        raise ValidationError(_("Enter a valid ЕИК/БУЛСТАТ: 9 or 13 digits."), code="invalid_eik")


def validate_egn(value: str) -> None:
    if value and not is_valid_egn(value):
        raise ValidationError(_("Enter a valid ЕГН: 10 digits."), code="invalid_egn")
