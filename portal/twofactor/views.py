"""Enrolment, verification and recovery codes, on admin-styled pages under /admin/2fa/."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security import log_event
from portal.twofactor import has_confirmed_device, requires_2fa
from portal.twofactor.forms import EnrolForm, TokenForm

RECOVERY_CODE_COUNT = 10
_SESSION_NEW_CODES = "portal_2fa_new_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes (static tokens, each usable once) with fresh ones."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="wagtailadmin_login")
def setup(request):
    """Enrol an authenticator app: QR code + key, then one code to prove it works."""
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():
        # Replacing a device needs the current second factor, not just the password.
        return redirect(f"{reverse('portal_2fa:verify')}?next={reverse('portal_2fa:setup')}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _new_recovery_codes(user)
            otp_login(request, device)
            request.session[_SESSION_NEW_CODES] = codes
            log_event("otp.enrolled", request=request, user_id=user.pk)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(f"{reverse('portal_2fa:recovery_codes')}?next={_next_url(request)}")
        log_event("otp.failed", request=request, user_id=user.pk, step="enrol")
        form.add_error("token", _("This code is not right. Check the time on your phone and try again."))
    qr_svg = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return render(
        request,
        "portal/twofactor/setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": _group(device_secret(device)), "next": _next_url(request),
         "required": requires_2fa(user)},
    )


def device_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("token")
@login_required(login_url="wagtailadmin_login")
def verify(request):
    """Second step of the login: a code from the app or a recovery code."""
    user = request.user
    if not has_confirmed_device(user):
        return redirect(f"{reverse('portal_2fa:setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                log_event("otp.verified", request=request, user_id=user.pk, method="recovery_code", left=left)
                messages.warning(
                    request,
                    _("You used a recovery code; %(left)d are left. Create new ones if you are running out.")
                    % {"left": left},
                )
            else:
                log_event("otp.verified", request=request, user_id=user.pk, method="totp")
            return redirect(_next_url(request))
        log_event("otp.failed", request=request, user_id=user.pk, step="verify")
        form.add_error("token", _("This code is not right. Try the current code from your app."))
    return render(request, "portal/twofactor/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required(login_url="wagtailadmin_login")
def recovery_codes(request):
    """Show freshly made recovery codes once; POST makes a new set (the old ones stop working)."""
    user = request.user
    if not user.is_verified():
        return redirect(f"{reverse('portal_2fa:verify')}?next={reverse('portal_2fa:recovery_codes')}")
    if request.method == "POST":
        request.session[_SESSION_NEW_CODES] = _new_recovery_codes(user)
        log_event("otp.recovery_codes_regenerated", request=request, user_id=user.pk)
        return redirect(reverse("portal_2fa:recovery_codes"))
    codes = request.session.pop(_SESSION_NEW_CODES, None)
    left = StaticToken.objects.filter(device__user=user, device__name="recovery").count()
    return render(
        request,
        "portal/twofactor/recovery_codes.html",
        {"codes": codes, "left": left, "next": _next_url(request), "issuer": settings.OTP_TOTP_ISSUER},
    )
