"""Error views that also record a security event."""

from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure

from portal.security import log_event


def permission_denied(request, exception=None):
    """handler403: log who was refused what, then Django's page (templates: 403.html)."""
    log_event("permission.denied", request=request)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    log_event("csrf.failed", request=request, reason=reason)
    return django_csrf_failure(request, reason=reason)
