"""Two-factor authentication for staff: TOTP (django-otp) with recovery codes, enrolled in the admin.

Who must use it: see :func:`requires_2fa`. ``portal.twofactor.middleware.TwoFactorMiddleware`` sends such a
user, once logged in with a password, to verification (or to enrolment when they have no device yet)
before any other page. ``REQUIRE_2FA`` switches it off (development demo only; a deploy check warns).
"""

from django.conf import settings
from django_otp import user_has_device


def requires_2fa(user) -> bool:
    """True for accounts that can see the registry or administer the site (editors by a setting)."""
    if not getattr(settings, "REQUIRE_2FA", True) or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    sensitive = set(settings.TWO_FACTOR_SENSITIVE_APPS)
    if any(perm.split(".", 1)[0] in sensitive for perm in user.get_all_permissions()):
        return True
    if settings.REQUIRE_2FA_FOR_EDITORS:
        return bool(user.is_staff or user.has_perm("wagtailadmin.access_admin"))
    return False


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)
