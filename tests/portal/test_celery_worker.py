"""Celery through Redis for real: a worker subprocess takes a task queued after commit, its effect lands
in the test database, the request id travels with it, and readiness sees the worker."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from portal import health
from portal.celery import app
from portal.logging import request_id_var
from tests.portal.celery_tasks import create_group

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    queue = f"portal-test-{uuid.uuid4().hex[:8]}"
    hostname = f"{queue}@localhost"
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url(),  # the test database, not the configured one
        REDIS_URL=settings.REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "--loglevel", "INFO",
         "-Q", queue, "--hostname", hostname, "--include", "tests.portal.celery_tasks", "--without-mingle",
         "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"worker exited: {log.read()[-3000:]}")
            if app.control.ping(destination=[hostname], timeout=1.0):
                break
        else:
            log.seek(0)
            pytest.fail(f"worker did not answer within 90 s: {log.read()[-3000:]}")
        yield queue, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_task_queued_after_commit_runs_in_a_real_worker(worker, client):
    from django.contrib.auth.models import Group

    queue, log = worker
    name = f"group-{uuid.uuid4().hex[:6]}"
    sent = []
    token = request_id_var.set("req-celery-real-01")
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: sent.append(create_group.apply_async(args=[name], queue=queue)))
            assert sent == []  # nothing leaves before the commit
    finally:
        request_id_var.reset(token)
    (result,) = sent
    seen_request_id = result.get(timeout=60)
    assert Group.objects.filter(name=name).exists()
    assert seen_request_id == "req-celery-real-01"

    cache.delete(health.WORKER_CACHE_KEY)
    body = client.get("/healthz/ready").json()
    assert body == {"status": "ok", "checks": dict.fromkeys(health.CHECKS, "ok")}
