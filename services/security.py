"""Security events and rate limits of the citizen-facing views (through ``portal.security``)."""

from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited

from portal.security import client_ip, log_event, upload_rejection

__all__ = [
    "client_ip",
    "count",
    "limited",
    "used_up",
    "log_event",
    "log_rejected_uploads",
    "refuse_oversized_body",
    "upload_rejection",
]

# A multipart body may exceed its files' limit only by the form fields and the multipart framing.
FORM_OVERHEAD_BYTES = 1024 * 1024


def _ip_key(group, request):
    return client_ip(request)


def limited(request, group: str, rate: str, key=None) -> bool:
    """Count this request against ``rate`` for ``key`` (default: the client's IP behind our proxies)."""
    return is_ratelimited(request, group=group, key=key or _ip_key, rate=rate, method=ALL, increment=True)


def used_up(request, group: str, rate: str, key=None) -> bool:
    """Whether ``rate`` is already used up for ``key``, without counting this request.

    For limits that count only what succeeded (see :func:`count`): the next one is refused once the
    count has reached the limit. A cache that cannot answer counts as used up (fail closed, as
    :func:`limited`)."""
    usage = get_usage(request, group=group, key=key or _ip_key, rate=rate, method=ALL, increment=False)
    return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])


def count(request, group: str, rate: str, key=None) -> None:
    """Count one success against ``rate`` for ``key`` (checked with :func:`used_up`)."""
    get_usage(request, group=group, key=key or _ip_key, rate=rate, method=ALL, increment=True)


def declared_body_size(request) -> int:
    """The length the client declared for the body (``Content-Length``); 0 when absent or not a number."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def refuse_oversized_body(request, files_limit: int, **fields) -> bool:
    """Whether the body is too large to hold files within ``files_limit``; if so, log ``upload.rejected``.

    Decided from the declared length alone, so that a view which checks this before it touches
    ``request.POST``/``request.FILES`` neither parses, stores, checks nor hashes an oversized upload.
    Caveat: ``CsrfViewMiddleware`` reads ``request.POST`` (for the token) before any view runs, so behind
    it the body is still parsed once; nginx's ``client_max_body_size`` is what bounds that.
    """
    size = declared_body_size(request)
    if size <= files_limit + FORM_OVERHEAD_BYTES:
        return False
    log_event("upload.rejected", request=request, reason="request_too_large", size=size, **fields)
    return True


def log_rejected_uploads(request, rejections, **fields) -> None:
    """One ``upload.rejected`` security event per refused file (or per refused batch: too many, too big)."""
    for rejection in rejections:
        log_event("upload.rejected", request=request, **{**fields, **rejection})
