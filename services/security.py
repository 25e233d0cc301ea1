"""Security events and rate limits of the citizen-facing views (through ``portal.security``)."""

from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from portal.security import client_ip, log_event

__all__ = ["client_ip", "limited", "log_event"]


def _ip_key(group, request):
    return client_ip(request)


def limited(request, group: str, rate: str, key=None) -> bool:
    """Count this request against ``rate`` for ``key`` (default: the client's IP behind our proxies)."""
    return is_ratelimited(request, group=group, key=key or _ip_key, rate=rate, method=ALL, increment=True)
