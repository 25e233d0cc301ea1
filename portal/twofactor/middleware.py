from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from portal.twofactor import has_confirmed_device, requires_2fa


class TwoFactorMiddleware:
    """A user who must use 2FA and has not yet given a code this session goes to verification first.

    Everything except logging in/out, the 2FA pages themselves and static files is held back: registry
    files, the admin and any other staff-only view alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _allowed_prefixes(self):
        return (
            reverse("portal_2fa:verify"),
            reverse("portal_2fa:setup"),
            reverse("portal_2fa:recovery_codes"),
            reverse("wagtailadmin_login"),
            reverse("wagtailadmin_logout"),
            reverse("wagtailadmin_javascript_catalog"),
            settings.STATIC_URL,
            "/i18n/",
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and requires_2fa(user)
            and not request.path.startswith(self._allowed_prefixes())
        ):
            name = "portal_2fa:verify" if has_confirmed_device(user) else "portal_2fa:setup"
            return redirect_to_login(request.get_full_path(), reverse(name))
        return self.get_response(request)
