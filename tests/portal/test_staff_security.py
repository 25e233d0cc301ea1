"""Login lockout with cool-off, staff idle timeout, sessions ended by a password change."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from freezegun import freeze_time

from tests.portal.factories import EDITOR, PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
IP_A, IP_B = "198.51.100.7", "203.0.113.9"


def login(client, username, password, ip):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def axes_handler(settings):
    """Choose django-axes' handler for one test (it memoises the configured one)."""
    from axes.handlers.proxy import AxesProxyHandler

    def use(path):
        settings.AXES_HANDLER = path
        AxesProxyHandler.get_implementation(force=True)

    yield use
    AxesProxyHandler.implementation = None  # the settings fixture restores AXES_HANDLER; re-read it then


def test_lockout_by_username_and_ip_together_with_cool_off(client, caplog, axes_handler):
    # Frozen time moves the database handler's clock; Redis expires keys on its own clock (test below).
    axes_handler("axes.handlers.database.AxesDatabaseHandler")
    UserFactory(username="clerk", perms=EDITOR)
    with freeze_time("2026-11-30 09:00:00") as frozen:
        for _ in range(4):
            assert login(client, "clerk", "wrong-password!", IP_A).status_code == 200
        assert login(client, "clerk", "wrong-password!", IP_A).status_code == 429  # the 5th locks
        # Locked out from IP A, even with the right password.
        response = login(client, "clerk", PASSWORD, IP_A)
        assert response.status_code == 429
        assert "portal/lockout.html" in [t.name for t in response.templates]
        assert "_auth_user_id" not in client.session
        events = [r.security["event"] for r in caplog.records if r.name == "portal.security"]
        assert "login.lockout" in events

        # An attacker at IP A does not lock the clerk out at their own desk (IP B).
        other = client_class_copy(client)
        assert login(other, "clerk", PASSWORD, IP_B).status_code == 302

        # Trying again during the lockout does not extend it.
        frozen.tick(timedelta(minutes=10))
        assert login(client, "clerk", "wrong-again!", IP_A).status_code == 429
        frozen.tick(timedelta(minutes=5, seconds=30))
        assert login(client, "clerk", PASSWORD, IP_A).status_code == 302


def client_class_copy(client):
    return client.__class__()


def test_failures_below_the_limit_are_forgotten_after_success(client):
    UserFactory(username="registrar", perms=EDITOR)
    for _ in range(4):
        login(client, "registrar", "wrong-password!", IP_A)
    assert login(client, "registrar", PASSWORD, IP_A).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "registrar", "wrong-password!", IP_A)
    assert login(client, "registrar", PASSWORD, IP_A).status_code == 302


def test_staff_session_ends_after_inactivity(client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    UserFactory(username="manager", perms=EDITOR)
    with freeze_time("2026-11-30 09:00:00") as frozen:
        assert login(client, "manager", PASSWORD, IP_A).status_code == 302
        assert client.get("/admin/").status_code == 200
        frozen.tick(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200  # activity keeps it alive
        frozen.tick(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        frozen.tick(timedelta(minutes=31))
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/admin/login/?next=/admin/pages/")
        assert "_auth_user_id" not in client.session


def test_password_change_ends_the_other_sessions_but_not_this_one(client):
    user = UserFactory(username="editor1", perms=EDITOR)
    other = client.__class__()
    assert login(client, "editor1", PASSWORD, IP_A).status_code == 302
    assert login(other, "editor1", PASSWORD, IP_B).status_code == 302
    assert other.get("/admin/").status_code == 200

    new_password = "Another-Long-Passphrase-42"
    response = client.post("/admin/account/", {
        "password-old_password": PASSWORD,
        "password-new_password1": new_password,
        "password-new_password2": new_password,
        "name_email-first_name": "Ed", "name_email-last_name": "Itor", "name_email-email": user.email,
        "locale-preferred_language": "bg", "locale-current_time_zone": "",
        "theme-theme": "system", "theme-density": "default", "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
    })
    assert response.status_code == 302, response.content[:3000]
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert client.get("/admin/").status_code == 200  # the session that changed it stays
    response = other.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("password", ["short-1", "password1234", "123456789012", "editor1@2026"])
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = get_user_model()(username="editor1", email="editor1@example.invalid")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.redis
def test_lockout_on_the_shared_redis_cache_expires_after_the_cool_off(client, axes_handler, settings):
    import redis
    from axes.helpers import get_client_cache_keys
    from axes.models import AccessAttempt
    from django.core.cache import cache

    axes_handler("axes.handlers.cache.AxesCacheHandler")
    UserFactory(username="clerk2", perms=EDITOR)
    for _ in range(5):
        login(client, "clerk2", "wrong-password!", IP_A)
    assert login(client, "clerk2", PASSWORD, IP_A).status_code == 429
    (key,) = get_client_cache_keys(AccessAttempt(username="clerk2", ip_address=IP_A))
    server = redis.Redis.from_url(settings.REDIS_URL)
    ttl = server.ttl(cache.make_key(key))
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    assert cool_off - 60 < ttl <= cool_off  # the counter disappears when the cool-off ends
    login(client, "clerk2", "wrong-again!", IP_A)
    assert server.ttl(cache.make_key(key)) <= ttl  # trying again does not extend the lockout
    assert login(client.__class__(), "clerk2", PASSWORD, IP_B).status_code == 302
    server.delete(cache.make_key(key))  # what Redis does at the end of the TTL
    assert login(client, "clerk2", PASSWORD, IP_A).status_code == 302
