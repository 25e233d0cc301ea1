"""Security events and rate limits of the citizen-facing views (through ``portal.security``)."""

from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from portal.security import client_ip, log_event

__all__ = ["client_ip", "limited", "log_event", "log_rejected_uploads", "upload_rejection"]


def _ip_key(group, request):
    return client_ip(request)


def limited(request, group: str, rate: str, key=None) -> bool:
    """Count this request against ``rate`` for ``key`` (default: the client's IP behind our proxies)."""
    return is_ratelimited(request, group=group, key=key or _ip_key, rate=rate, method=ALL, increment=True)


def upload_rejection(exc, uploaded, **fields) -> dict:
    """What a security reviewer needs about a refused file: why, the type claimed and detected, the size.

    Never the file's name (it is often a person's name), its content, or anything the applicant typed: the
    extension is logged only when it is one the registry knows, else as ``"other"``.
    """
    from documents.files import DEFAULT_ALLOWED_TYPES

    params = getattr(exc, "params", None) or {}
    name = getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {
        "reason": getattr(exc, "code", None) or "invalid",
        "extension": extension if extension in DEFAULT_ALLOWED_TYPES else "other" if extension else "",
        "detected": params.get("detected") or _detected_type(uploaded),
        "size": getattr(uploaded, "size", None),
        **fields,
    }


def _detected_type(uploaded) -> str:
    """The type from the bytes, for files refused before the registry looked at them (e.g. by extension)."""
    from documents.files import SNIFF_BYTES, detect_type

    try:
        uploaded.seek(0)
        head = uploaded.read(SNIFF_BYTES)
        uploaded.seek(0)
        return detect_type(head, uploaded) if head else ""
    except (OSError, ValueError, AttributeError):
        return ""


def log_rejected_uploads(request, rejections, **fields) -> None:
    """One ``upload.rejected`` security event per refused file (or per refused batch: too many, too big)."""
    for rejection in rejections:
        log_event("upload.rejected", request=request, **{**fields, **rejection})
