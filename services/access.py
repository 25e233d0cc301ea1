"""Access codes (код за достъп) and the normalised form of an incoming number.

The code is shown to the applicant once and stored only as a salted hash (Django's password hashers).
Checking a code always costs one hash, also when the number is unknown, so the answer time does not tell
whether the number exists.
"""

import re
import secrets

from django.contrib.auth.hashers import check_password, make_password

# No 0/O, 1/I/L: a code read from paper or over the phone cannot be mistyped between look-alikes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LEN = 3, 4  # 12 characters, about 59 bits

_DUMMY_HASH = None


def generate_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(raw[i : i + GROUP_LEN] for i in range(0, len(raw), GROUP_LEN))


def normalise_code(value: str) -> str:
    return re.sub(r"[\s-]", "", (value or "")).upper()


def hash_code(code: str) -> str:
    return make_password(normalise_code(code))


def code_hint(code: str) -> str:
    """What the receipt may print: the last two characters only."""
    raw = normalise_code(code)
    masked = "•" * (len(raw) - 2) + raw[-2:]
    return "-".join(masked[i : i + GROUP_LEN] for i in range(0, len(masked), GROUP_LEN))


def check_code(code: str, encoded: str | None) -> bool:
    """Whether ``code`` matches ``encoded``; with no ``encoded`` a dummy hash is checked (same cost)."""
    global _DUMMY_HASH
    if not encoded:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = make_password(generate_code())
        check_password(normalise_code(code), _DUMMY_HASH)
        return False
    return check_password(normalise_code(code), encoded)


# Cyrillic letters that look like Latin ones: a number typed with either keyboard matches.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")


def number_key(number: str) -> str:
    """'оа-01-123 / 29.11.2026' and 'OA-01-123/29.11.2026' give the same key."""
    return re.sub(r"\s", "", (number or "")).upper().translate(_LOOKALIKES)


def number_short_key(number: str) -> str:
    """The key without the date part after '/' (people often leave it out)."""
    return number_key(number).split("/", 1)[0]
