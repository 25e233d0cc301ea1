"""Security headers on every kind of page: public pages, error pages, the admin, 2FA pages, probes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_common_headers(response):
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_public_csp(response):
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.I)


@pytest.mark.parametrize("path", ["/", "/en/", "/no-such-page/"])
def test_public_pages_have_strict_csp_and_no_inline_code(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_common_headers(response)
    assert_public_csp(response)
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), "inline <script> would be blocked by the CSP"
    assert not INLINE_STYLE.search(html), "inline styles/handlers would be blocked by the CSP"


@override_settings(ROOT_URLCONF="tests.portal.urls_forbidden")
def test_forbidden_page_has_strict_csp(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert_common_headers(response)
    assert_public_csp(response)


def test_admin_gets_its_own_looser_policy_not_none(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_common_headers(response)
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's admin needs it
    assert policy["frame-ancestors"] == ["'self'"]  # page previews are framed by the admin itself
    assert policy["object-src"] == ["'none'"]
    assert "https:" not in response.headers["Content-Security-Policy"]


def test_admin_dashboard_and_2fa_pages_have_headers(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.invalid", "a-long-password-1")
    client.force_login(user)
    for path in ("/admin/", "/admin/2fa/setup/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_common_headers(response)
        assert "'unsafe-inline'" in csp(response)["script-src"]


def test_health_probe_has_nosniff_and_no_cache(client):
    response = client.get("/healthz/live")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
