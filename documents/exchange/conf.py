"""Our СЕОС identity, keys and limits, read from Django settings (see ``portal/settings/base.py``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .wire.messages import Entity, normalize_guid
from .wire.safexml import ParseLimits
from .wire.signing import SigningIdentity

# The document-exchange service («Документооборот») in the participants registry has this fixed GUID.
DOC_EXCHANGE_SERVICE_GUID = "{7060efa8-f1fa-4938-8b2b-12a78c86988f}"


def own_entity() -> Entity:
    """Who we are in every message header: ЕИК, name and GUID (in braces)."""
    try:
        guid = normalize_guid(settings.SEOS_GUID)
    except ValueError as exc:
        raise ImproperlyConfigured(f"SEOS_GUID: {exc}") from exc
    return Entity(identifier=settings.SEOS_EIK, name=settings.SEOS_NAME, guid=guid)


@lru_cache(maxsize=4)
def _load_identity(key_file: str, cert_file: str, password: str, _mtimes: tuple) -> SigningIdentity:
    return SigningIdentity.from_files(key_file, cert_file, password.encode() or None)


def signing_identity() -> SigningIdentity:
    """Our signing key and certificate (reloaded when either file changes, e.g. after renewal)."""
    key_file, cert_file = settings.SEOS_KEY_FILE, settings.SEOS_CERT_FILE
    try:
        mtimes = (Path(key_file).stat().st_mtime_ns, Path(cert_file).stat().st_mtime_ns)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"СЕОС key or certificate missing ({exc}); run `manage.py seos_keys` for a development pair "
            "or set SEOS_KEY_FILE and SEOS_CERT_FILE."
        ) from exc
    return _load_identity(key_file, cert_file, settings.SEOS_KEY_PASSWORD, mtimes)


def parse_limits() -> ParseLimits:
    """Limits for an inbound message; one text node may hold the largest attachment we accept, in base64."""
    base64_chars = (settings.SEOS_MAX_ATTACHMENT_BYTES + 2) // 3 * 4
    return ParseLimits(max_bytes=settings.SEOS_MAX_MESSAGE_BYTES, max_text_chars=base64_chars + 1024)
