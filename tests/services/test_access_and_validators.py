"""Access codes (hash only, constant work) and the applicant validators (ЕИК check digit, phone)."""

import pytest
from django.core.exceptions import ValidationError

from services import access
from services.validators import is_valid_eik, normalise_eik, validate_eik, validate_phone


def _with_check_digit(first8: str) -> str:
    """A valid 9-digit EIK from its first eight digits (the algorithm, written independently)."""
    digits = [int(c) for c in first8]
    r = sum(d * w for d, w in zip(digits, range(1, 9), strict=True)) % 11
    if r == 10:
        r = sum(d * w for d, w in zip(digits, range(3, 11), strict=True)) % 11 % 10
    return first8 + str(r)


class TestEik:
    @pytest.mark.parametrize(
        "eik",
        [
            "000696327",  # Столична община: second-round weights (remainder 10 first)
            _with_check_digit("20317319"),
            _with_check_digit("83156543"),
        ],
    )
    def test_valid_nine_digits(self, eik):
        assert is_valid_eik(eik)

    def test_a_changed_digit_is_refused(self):
        assert not is_valid_eik("000696328")
        assert not is_valid_eik("000696317")

    def test_thirteen_digits_check_both_parts(self):
        # digits 9-12 of "000696327" + "001" with weights 2,7,3,5: 7*2+0+0+1*5 = 19, 19 % 11 = 8
        valid = "0006963270018"
        assert is_valid_eik(valid)
        assert not is_valid_eik("0006963270017")  # wrong 13th digit
        assert not is_valid_eik("0006963280018")  # wrong 9th digit (first part)

    @pytest.mark.parametrize(
        "value", ["", "12345678", "1234567890", "12345678901234", "abcdefghi", "１２１８５８２２０"]
    )
    def test_wrong_length_or_not_digits(self, value):
        assert not is_valid_eik(value)

    def test_normalise_strips_bg_prefix_and_spaces(self):
        assert normalise_eik(" BG 000 696 327 ") == "000696327"

    def test_messages_say_what_to_fix(self):
        with pytest.raises(ValidationError, match="9 или 13 цифри"):
            validate_eik("1234")
        with pytest.raises(ValidationError, match="последната цифра"):
            validate_eik("000696328")


class TestPhone:
    @pytest.mark.parametrize("value", ["0888 123 456", "+359 82 812 200", "082/812-200", "(082) 812200"])
    def test_accepted(self, value):
        validate_phone(value)

    @pytest.mark.parametrize("value", ["", "12345", "call me", "0888 123 456 ext 5", "+" + "1" * 20])
    def test_refused(self, value):
        with pytest.raises(ValidationError):
            validate_phone(value)


class TestAccessCode:
    def test_format_and_alphabet(self):
        code = access.generate_code()
        assert len(code) == 14 and code.count("-") == 2
        assert set(code.replace("-", "")) <= set(access.ALPHABET)
        assert not set("01OIL") & set(code)

    def test_codes_differ(self):
        assert len({access.generate_code() for _ in range(50)}) == 50

    def test_only_a_salted_hash_is_stored(self):
        code = access.generate_code()
        first, second = access.hash_code(code), access.hash_code(code)
        assert code.replace("-", "") not in first
        assert first != second  # salted
        assert access.check_code(code, first) and access.check_code(code, second)

    def test_typing_variants_are_accepted(self):
        code = access.generate_code()
        encoded = access.hash_code(code)
        assert access.check_code(code.lower(), encoded)
        assert access.check_code(code.replace("-", " "), encoded)
        assert access.check_code(code.replace("-", ""), encoded)

    def test_wrong_code_refused(self):
        encoded = access.hash_code("ABCD-EFGH-JKMN")
        assert not access.check_code("ABCD-EFGH-JKMP", encoded)
        assert not access.check_code("", encoded)

    def test_no_hash_still_does_the_work_and_refuses(self, monkeypatch):
        calls = []
        real = access.check_password
        monkeypatch.setattr(access, "check_password", lambda *a: calls.append(a) or real(*a))
        assert not access.check_code("ABCD-EFGH-JKMN", None)
        assert len(calls) == 1  # one hash check, as for a real number

    def test_hint_shows_only_the_last_two(self):
        assert access.code_hint("ABCD-EFGH-JKMN") == "••••-••••-••MN"

    def test_number_keys_ignore_keyboard_layout_and_spaces(self):
        cyrillic = "ОА-01-123/29.11.2026"
        latin = "oa-01-123 / 29.11.2026"
        assert access.number_key(cyrillic) == access.number_key(latin)
        assert access.number_short_key(latin) == "OA-01-123"
