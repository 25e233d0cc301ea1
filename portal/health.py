"""Liveness and readiness for load balancers, docker and monitoring.

``/healthz/live``  the process answers (no dependencies touched): 200 ``{"status": "ok"}``.
``/healthz/ready`` database, cache, broker, storage and a Celery worker answer: 200 when all are ok, else
503. The body says ``ok``/``fail`` per check and nothing more; the reason goes to the log (``portal.health``).

Cheap enough to poll every few seconds: each check has a short timeout and the worker ping (a broadcast
that waits for replies) is cached for ``HEALTH_WORKER_CACHE_SECONDS``.
"""

import logging
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger("portal.health")

LIVE_PATH = "/healthz/live"
READY_PATH = "/healthz/ready"
WORKER_CACHE_KEY = "portal:health:worker"

# Fallback memo for the worker ping when the shared cache itself is down.
_local_worker = {"at": 0.0, "ok": False}
_local_lock = threading.Lock()


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"portal:health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def _broker_url() -> str:
    return settings.CELERY_BROKER_URL or ""


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # embedded default: tasks run in-process, there is no broker to reach
    url = _broker_url()
    timeout = settings.HEALTH_CHECK_TIMEOUT
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
        return
    from portal.celery import app

    with app.connection_for_read() as conn:
        conn.ensure_connection(max_retries=1, timeout=timeout)


def check_storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        root = default_storage.location
        if not (os.path.isdir(root) and os.access(root, os.W_OK | os.X_OK)):
            raise RuntimeError("media directory missing or not writable")
        return
    default_storage.exists("healthz-probe")  # remote storage: one cheap metadata call


def ping_workers(timeout: float) -> list:
    from portal.celery import app

    return app.control.ping(timeout=timeout) or []


def check_worker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    ttl = settings.HEALTH_WORKER_CACHE_SECONDS
    try:
        cached = cache.get(WORKER_CACHE_KEY)
    except Exception:
        cached = None
        with _local_lock:
            if time.monotonic() - _local_worker["at"] < ttl:
                cached = "ok" if _local_worker["ok"] else "fail"
    if cached is None:
        try:
            ok = bool(ping_workers(settings.HEALTH_CHECK_TIMEOUT))
        except Exception:
            logger.warning("worker ping failed", exc_info=True)
            ok = False
        cached = "ok" if ok else "fail"
        with _local_lock:
            _local_worker.update(at=time.monotonic(), ok=ok)
        try:
            cache.set(WORKER_CACHE_KEY, cached, timeout=ttl)
        except Exception:
            logger.debug("could not cache the worker ping", exc_info=True)
    if cached != "ok":
        raise RuntimeError("no Celery worker answered the ping")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
    "worker": check_worker,
}


def run_checks() -> dict[str, bool]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = True
        except Exception as exc:
            logger.warning("readiness check %s failed: %s", name, exc.__class__.__name__, exc_info=True)
            results[name] = False
    return results


def _json(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths first, before host validation and the HTTPS redirect.

    Docker and load balancers probe over plain HTTP on the container address, which is not an allowed host
    and not HTTPS; the answer reveals nothing either way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == LIVE_PATH:
            return _json({"status": "ok"}, 200)
        if path == READY_PATH:
            results = run_checks()
            ok = all(results.values())
            body = {"status": "ok" if ok else "fail",
                    "checks": {k: "ok" if v else "fail" for k, v in results.items()}}
            return _json(body, 200 if ok else 503)
        return self.get_response(request)
