"""Celery through Redis for real: a worker subprocess takes a task queued after commit, its effect lands
in the test database, the request id travels with it, and readiness sees the worker. The worker logs JSON
lines through Django's LOGGING (UTC, request id, redaction), not Celery's plain text."""

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime
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
        LOG_FORMAT="json",
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


def log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def task_log_line(log, marker: str) -> dict:
    """The line the task wrote (the worker may flush it just after the result is sent)."""
    deadline = time.monotonic() + 10
    while True:
        lines = [x for x in log_text(log).splitlines() if marker in x]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert lines, f"the task's line is not in the worker's log: {log_text(log)[-3000:]}"
    return json.loads(lines[0])


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

    line = task_log_line(log, f"created group {name}")
    assert line["logger"] == "portal.tests.celery"
    assert line["request_id"] == "req-celery-real-01"
    assert datetime.fromisoformat(line["timestamp"]).utcoffset().total_seconds() == 0
    assert "clerk@example.org" not in json.dumps(line) and "[email]" in line["message"]
    # Celery's own lines about the task are JSON too (the worker's start-up banner is a plain print).
    succeeded = [json.loads(x) for x in log_text(log).splitlines() if x.startswith("{") and "succeeded" in x]
    assert succeeded and succeeded[0]["logger"] == "celery.app.trace"

    cache.delete(health.WORKER_CACHE_KEY)
    body = client.get("/healthz/ready").json()
    assert body == {"status": "ok", "checks": dict.fromkeys(health.CHECKS, "ok")}
