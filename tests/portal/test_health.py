"""Liveness and readiness: ok when everything answers, 503 naming only the failed check otherwise."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import override_settings

from portal import health

pytestmark = pytest.mark.django_db

CHECKS = {"database", "cache", "broker", "storage", "worker"}


def assert_reveals_nothing(body: dict):
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == CHECKS
    assert set(body["checks"].values()) <= {"ok", "fail"}


def test_live_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_ready_ok_on_the_embedded_default(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert_reveals_nothing(body)
    assert body["status"] == "ok"
    assert set(body["checks"].values()) == {"ok"}


def test_ready_fails_when_the_database_is_down(client, caplog):
    def broken_cursor(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: password authentication failed')

    with mock.patch.object(health.connection, "cursor", broken_cursor):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    body = response.json()
    assert_reveals_nothing(body)
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "fail"
    assert body["checks"]["cache"] == "ok"
    assert b"db.internal" not in response.content and b"password" not in response.content
    assert any("readiness check database failed" in r.getMessage() for r in caplog.records)


def test_ready_fails_when_media_storage_is_missing(client, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "gone"):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:9/0",
                   HEALTH_CHECK_TIMEOUT=0.5)
def test_ready_fails_when_broker_and_worker_are_unreachable(client):
    # Port 9 (discard) has nothing listening: a real refused connection, no mock.
    with mock.patch.object(health, "ping_workers", return_value=[]):
        response = client.get("/healthz/ready")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"] == "fail"
    assert checks["worker"] == "fail"
    assert checks["database"] == "ok"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, HEALTH_WORKER_CACHE_SECONDS=30)
def test_worker_ping_is_cached_between_polls(client):
    from django.core.cache import cache

    cache.delete(health.WORKER_CACHE_KEY)
    with (
        mock.patch.object(health, "check_broker"),
        mock.patch.object(health, "ping_workers", return_value=[{"celery@w1": {"ok": "pong"}}]) as ping,
    ):
        for _ in range(5):
            assert client.get("/healthz/ready").json()["checks"]["worker"] == "ok"
    assert ping.call_count == 1
    cache.delete(health.WORKER_CACHE_KEY)
