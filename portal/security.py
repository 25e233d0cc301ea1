"""Security events: one logger, ``portal.security``, one call for every app.

Other apps report what a security reviewer wants to find later with :func:`log_event`::

    from portal.security import log_event

    log_event("tracking.failed", request=request, reason="wrong_code")      # citizen tracking page
    log_event("upload.rejected", request=request, reason="content_type", detected="application/x-dosexec")
    log_event("seos.rejected", sender_guid=guid, message_guid=msg_guid, reason="bad_signature")

Each call writes one log record, message ``security event <kind>``, with a ``security`` object holding
``event`` (the kind), ``ip``, ``path``, ``user_id`` (when a request is given) and the keyword fields. The log
filter still redacts e-mail addresses, 10-digit personal numbers and anything named like a secret or an
access code, so pass ids and reasons, never the submitted values themselves.

Without a ``request``, the request being handled (set by ``RequestIDMiddleware``) supplies ``ip``, ``path``
and ``user_id``: code deep below a view (e.g. the registry's file check) reports without being handed it.

Kinds in use: ``login.success``, ``login.failed``, ``login.lockout``, ``logout``, ``permission.denied``,
``csrf.failed``, ``session.idle_timeout``, ``otp.verified``, ``otp.failed``, ``otp.enrolled``,
``otp.recovery_codes_regenerated``, ``tracking.failed``, ``upload.rejected``, ``seos.rejected``,
``personal_data.exported``.
"""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("portal.security")

#: The request being handled in this context (``None`` outside of one, e.g. in a Celery worker).
current_request: ContextVar[object | None] = ContextVar("portal_current_request", default=None)

# Events that are routine (a successful login) are INFO; the rest are WARNING so that alerts can key on it.
_INFO_EVENTS = {"login.success", "logout", "otp.verified", "otp.enrolled", "otp.recovery_codes_regenerated"}


def forwarded_client_ip(request) -> str:
    """The client address: REMOTE_ADDR, or the address our own ``TRUSTED_PROXY_COUNT`` proxies saw.

    Only the entries our proxies appended to X-Forwarded-For are trusted (counted from the right); whatever
    a client put there itself is ignored, so nobody can pick the address their failures are counted on.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) >= count:
        return hops[-count]
    return remote


def client_ip(request) -> str:
    return getattr(request, "axes_ip_address", None) or forwarded_client_ip(request)


def log_event(kind: str, *, request=None, level: int | None = None, **fields) -> None:
    """Log a security event of ``kind`` (e.g. ``"upload.rejected"``) with structured ``fields``."""
    data = {"event": kind}
    if request is None:
        request = current_request.get()
    if request is not None:
        data["ip"] = client_ip(request)
        data["path"] = request.path
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            data.setdefault("user_id", user.pk)
    data.update(fields)
    if level is None:
        level = logging.INFO if kind in _INFO_EVENTS else logging.WARNING
    logger.log(level, "security event %s", kind, extra={"security": data})


def upload_rejection(exc, uploaded, **fields) -> dict:
    """What a security reviewer needs about a refused file: why, the type claimed and detected, the size.

    ``exc`` is the ``ValidationError`` of ``documents.files.check_upload``. Never the file's name (it is often
    a person's name), its content, or anything the sender typed: the extension is logged only when it is one
    the registry knows, else as ``"other"``.
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
    """The type from the bytes, for files refused before their content was looked at (e.g. by extension)."""
    from documents.files import SNIFF_BYTES, detect_type

    try:
        uploaded.seek(0)
        head = uploaded.read(SNIFF_BYTES)
        uploaded.seek(0)
        return detect_type(head, uploaded) if head else ""
    except (OSError, ValueError, AttributeError):
        return ""


def log_rejected_upload(exc, uploaded, *, request=None, **fields) -> None:
    """One ``upload.rejected`` security event for a file ``check_upload`` refused."""
    log_event("upload.rejected", request=request, **upload_rejection(exc, uploaded, **fields))


def is_staff_user(user) -> bool:
    """Someone who works in the admin (Wagtail admin access, Django staff, or superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"))


@receiver(user_logged_in, dispatch_uid="portal.security.login_success")
def _on_login(sender, request, user, **kwargs):
    log_event("login.success", request=request, user_id=user.pk, staff=is_staff_user(user))


@receiver(user_logged_out, dispatch_uid="portal.security.logout")
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", request=request, user_id=user.pk)


@receiver(user_login_failed, dispatch_uid="portal.security.login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Django already replaced the password in ``credentials``; the username alone is logged (redacted if
    # it is an e-mail address) so that attempts against one account can be followed.
    username = credentials.get("username", "")
    if request is not None and getattr(request, "axes_locked_out", False):
        return  # reported once, as login.lockout
    log_event("login.failed", request=request, username=username)


def _on_lockout(sender, request, username, ip_address, **kwargs):
    log_event("login.lockout", request=request, username=username, ip=ip_address)


def connect_axes_signals():
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_lockout, dispatch_uid="portal.security.lockout")
