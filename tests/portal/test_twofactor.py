"""Two-factor authentication: enrolment in the admin, the second factor required, recovery codes."""

import re
import time
from datetime import timedelta

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from tests.portal.factories import EDITOR, PASSWORD, USER_ADMIN, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_2FA = True
    settings.REQUIRE_2FA_FOR_EDITORS = False


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def password_login(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    return response


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    response = client.get("/admin/2fa/setup/?next=/admin/")
    assert response.status_code == 200
    assert re.search(rb'<img src="data:image/svg\+xml', response.content)
    device = TOTPDevice.objects.get(user__username=response.wsgi_request.user.username, confirmed=False)
    response = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/2fa/recovery-codes/")
    page = client.get(response.headers["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_superuser_must_enrol_before_anything_else_then_gets_in(client, caplog):
    UserFactory(username="admin", superuser=True)
    with freeze_time("2026-11-30 09:00:00") as frozen:
        password_login(client, "admin")
        for path in ("/admin/", "/admin/pages/", "/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/admin/2fa/setup/?next=")
        device, codes = enrol(client)
        assert device.confirmed
        assert len(codes) == 10 and len(set(codes)) == 10
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/2fa/recovery-codes/").content.count(b"<code>") == 0  # shown once only

        # A new session with the password alone is held at verification.
        other = client.__class__()
        frozen.tick(timedelta(seconds=31))
        password_login(other, "admin")
        response = other.get("/admin/pages/")
        assert response.headers["Location"].startswith("/admin/2fa/verify/?next=/admin/pages/")
        # ... and cannot replace the device with the password alone.
        assert other.get("/admin/2fa/setup/").headers["Location"].startswith("/admin/2fa/verify/")

        response = other.post("/admin/2fa/verify/", {"token": "000000", "next": "/admin/pages/"})
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert other.get("/admin/").status_code == 302

        frozen.tick(timedelta(seconds=31))
        response = other.post("/admin/2fa/verify/", {"token": current_code(device), "next": "/admin/pages/"})
        assert response.status_code == 302 and response.headers["Location"] == "/admin/pages/"
        assert other.get("/admin/pages/").status_code == 200
    events = [r.security["event"] for r in caplog.records if r.name == "portal.security"]
    assert {"otp.enrolled", "otp.failed", "otp.verified"} <= set(events)
    for record in caplog.records:
        assert current_code(device) not in record.getMessage()


def test_recovery_code_works_once(client):
    user = UserFactory(username="registrar", perms=USER_ADMIN)
    password_login(client, "registrar")
    _device, codes = enrol(client)

    for attempt in range(2):
        other = client.__class__()
        password_login(other, "registrar")
        response = other.post("/admin/2fa/verify/", {"token": codes[0].upper(), "next": "/admin/"})
        if attempt == 0:
            assert response.status_code == 302
            assert other.get("/admin/").status_code == 200
        else:
            assert response.status_code == 200  # already used
            assert other.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_regenerating_recovery_codes_invalidates_the_old_ones(client):
    UserFactory(username="admin2", superuser=True)
    password_login(client, "admin2")
    _device, old_codes = enrol(client)
    client.post("/admin/2fa/recovery-codes/")
    page = client.get("/admin/2fa/recovery-codes/").content.decode()
    new_codes = re.findall(r"<code>([a-z2-7]{8})</code>", page)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    other = client.__class__()
    password_login(other, "admin2")
    with freeze_time() as frozen:
        assert other.post("/admin/2fa/verify/", {"token": old_codes[1]}).status_code == 200
        # A failure throttles the next try (django-otp doubles the wait each time); wait it out.
        assert other.post("/admin/2fa/verify/", {"token": new_codes[1]}).status_code == 200
        frozen.tick(timedelta(seconds=2))
        assert other.post("/admin/2fa/verify/", {"token": new_codes[1]}).status_code == 302


def test_editors_are_exempt_unless_the_setting_says_otherwise(client, settings):
    UserFactory(username="editor", perms=EDITOR)
    password_login(client, "editor")
    assert client.get("/admin/").status_code == 200
    settings.REQUIRE_2FA_FOR_EDITORS = True
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/2fa/setup/")


@pytest.mark.parametrize("perms", [USER_ADMIN, ["wagtailadmin.access_admin", "otp_totp.view_totpdevice"]])
def test_accounts_with_sensitive_permissions_need_it(client, perms):
    UserFactory(username="sensitive", perms=perms)
    password_login(client, "sensitive")
    assert client.get("/admin/").status_code == 302


def test_relaxed_for_the_development_demo(client, settings):
    settings.REQUIRE_2FA = False
    UserFactory(username="admin3", superuser=True)
    password_login(client, "admin3")
    assert client.get("/admin/").status_code == 200


def test_verification_page_needs_a_password_login_first(client):
    response = client.get("/admin/2fa/verify/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login/")


def test_next_parameter_cannot_leave_the_site(client):
    UserFactory(username="admin4", superuser=True)
    password_login(client, "admin4")
    response = client.get("/admin/2fa/setup/")
    device = TOTPDevice.objects.get(user__username="admin4")
    response = client.post("/admin/2fa/setup/", {"token": current_code(device), "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]
