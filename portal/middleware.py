"""Request id, security headers, staff idle timeout."""

import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import security
from portal.logging import request_id_var

# A client's X-Request-ID is kept only if it is a plain token: it ends up in every log line.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{7,63}$")
REQUEST_ID_HEADER = "X-Request-ID"


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIDMiddleware:
    """Give every request an id (the proxy's X-Request-ID when sane), for logs, tasks and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_REQUEST_ID.match(incoming) else new_request_id()
        request.request_id = request_id
        token = request_id_var.set(request_id)
        request_token = security.current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            security.current_request.reset(request_token)
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere, and the admin's looser CSP where the public one is excluded.

    Django's SecurityMiddleware sets HSTS, X-Content-Type-Options, Referrer-Policy and
    Cross-Origin-Opener-Policy; django-csp sets the public Content-Security-Policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.admin_prefixes = tuple(policy.get("EXCLUDE_URL_PREFIXES", ()))

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if (
            self.admin_prefixes
            and request.path_info.startswith(self.admin_prefixes)
            and "Content-Security-Policy" not in response
            and settings.ADMIN_CONTENT_SECURITY_POLICY
        ):
            response["Content-Security-Policy"] = settings.ADMIN_CONTENT_SECURITY_POLICY
        return response


SESSION_LAST_SEEN_KEY = "portal_last_seen"


class StaffSessionTimeoutMiddleware:
    """End a staff session after ``STAFF_SESSION_IDLE_MINUTES`` without a request.

    The timestamp is written at most once a minute so that browsing the admin does not write the session
    on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        idle_minutes = settings.STAFF_SESSION_IDLE_MINUTES
        if idle_minutes and user is not None and user.is_authenticated and security.is_staff_user(user):
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > idle_minutes * 60:
                security.log_event("session.idle_timeout", request=request, user_id=user.pk)
                logout(request)
                messages.info(
                    request, _("Your session ended after a period of inactivity. Please log in again.")
                )
                return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            if last_seen is None or now - last_seen >= 60:
                request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)
