"""Personal data hooks: one place to export what the portal holds about a person, and to anonymise what
is past its retention period. The apps that hold the data register their part; portal only runs them.

The e-services app registers, in its ``AppConfig.ready()``::

    from portal import personal_data

    personal_data.register_exporter("services.applications", export_applications)   # (email) -> list[dict]
    personal_data.register_anonymiser("services.applications", anonymise_closed)    # (dry_run) -> int

An exporter returns JSON-serialisable records about the e-mail address; an anonymiser removes contact data
and form answers past the retention period, writes its journal entry, and returns how many records it
changed (or would change, with ``dry_run``). ``manage.py export_personal_data EMAIL`` and
``manage.py anonymise_personal_data [--dry-run]`` run them; the beat task ``portal.anonymise_personal_data``
runs the anonymisers nightly.
"""

import logging
from collections.abc import Callable

from django.contrib.auth import get_user_model

logger = logging.getLogger("portal.personal_data")

_exporters: dict[str, Callable[[str], list]] = {}
_anonymisers: dict[str, Callable[[bool], int]] = {}


def register_exporter(name: str, func: Callable[[str], list]) -> None:
    _exporters[name] = func


def register_anonymiser(name: str, func: Callable[[bool], int]) -> None:
    _anonymisers[name] = func


def _staff_accounts(email: str) -> list:
    users = get_user_model().objects.filter(email__iexact=email)
    return [
        {"username": u.get_username(), "first_name": u.first_name, "last_name": u.last_name, "email": u.email,
         "date_joined": u.date_joined.isoformat(), "last_login": u.last_login and u.last_login.isoformat()}
        for u in users
    ]


register_exporter("portal.accounts", _staff_accounts)


def export(email: str) -> dict[str, list]:
    """Everything every registered exporter holds about ``email``, by source name."""
    email = email.strip()
    return {name: list(func(email)) for name, func in sorted(_exporters.items())}


def anonymise(dry_run: bool = False) -> dict[str, int]:
    """Run every registered anonymiser; a failing one is logged and reported as -1, the others still run."""
    results = {}
    for name, func in sorted(_anonymisers.items()):
        try:
            results[name] = int(func(dry_run))
        except Exception:
            logger.exception("anonymiser %s failed", name)
            results[name] = -1
    return results
