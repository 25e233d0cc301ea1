"""Production settings: `check --deploy` is clean, and a missing secret/PostgreSQL/Redis stops the start."""

import json

import pytest

from tests.portal.utils import PRODUCTION_ENV, clean_env, run_manage, run_python

pytestmark = pytest.mark.slow


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env=clean_env("portal.settings.production", **PRODUCTION_ENV),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_2fa_is_switched_off():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env=clean_env("portal.settings.production", **PRODUCTION_ENV, REQUIRE_2FA="0"),
    )
    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("missing", "override", "message"),
    [
        ("SECRET_KEY", {}, "SECRET_KEY"),
        ("", {"SECRET_KEY": "short-and-weak"}, "SECRET_KEY must be a long random value"),
        ("DATABASE_URL", {}, "Production needs PostgreSQL"),
        ("", {"DATABASE_URL": "sqlite:////tmp/portal.sqlite3"}, "Production needs PostgreSQL"),
        ("REDIS_URL", {}, "Production needs Redis"),
        ("ALLOWED_HOSTS", {}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without(missing, override, message):
    env_vars = {k: v for k, v in PRODUCTION_ENV.items() if k != missing} | override
    result = run_python("import django; django.setup()", clean_env("portal.settings.production", **env_vars))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/i18n/setlang/", secure=True, HTTP_HOST="portal.ruse.example.bg")
plain = Client().get("/i18n/setlang/", HTTP_HOST="portal.ruse.example.bg")
print(json.dumps({"secure": dict(response.headers), "plain_status": plain.status_code,
                  "plain_location": plain.headers.get("Location", "")}))
"""


def test_production_sends_hsts_and_redirects_plain_http():
    result = run_python(PROBE, clean_env("portal.settings.production", **PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    headers = data["secure"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert data["plain_status"] == 301
    assert data["plain_location"].startswith("https://portal.ruse.example.bg/")


def test_liveness_answers_plain_http_on_the_container_address_in_production():
    """Docker probes http://127.0.0.1:8000/healthz/live: neither an allowed host nor HTTPS."""
    code = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz/live', HTTP_HOST='127.0.0.1:8000');"
        "print(r.status_code, r.content.decode())"
    )
    result = run_python(code, clean_env("portal.settings.production", **PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '200 {"status": "ok"}'
