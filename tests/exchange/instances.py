"""Real portal instances on loopback for the end-to-end СЕОС tests and the benchmark.

Each instance has its own PostgreSQL database, signing key, participants table, Celery queue (on the Redis
the suite was given) and HTTP server (gunicorn on 127.0.0.1). Everything is driven through the public
surface: management commands run as subprocesses, and the instances talk to each other over HTTP. Every
wait is bounded; every process started here is stopped by its own id.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 0.5, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")


class Instance:
    """One portal: ``manage()`` runs a command in it; ``start()`` serves it and runs its worker."""

    def __init__(
        self,
        name: str,
        *,
        workdir: Path,
        database_url: str,
        redis_url: str,
        guid: str,
        eik: str,
        title: str,
        extra_env: dict | None = None,
    ):
        self.name, self.guid, self.eik, self.title = name, guid, eik, title
        self.workdir = workdir / name
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.queue = f"seos-e2e-{name}-{uuid.uuid4().hex[:8]}"
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SEOS_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "0",
            "LOG_FORMAT": "plain",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": uuid.uuid4().hex * 2,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": self.url,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CACHE_KEY_PREFIX": self.queue,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
            "SEOS_GUID": guid,
            "SEOS_EIK": eik,
            "SEOS_NAME": title,
            "SEOS_KEY_FILE": str(self.workdir / "seos-key.pem"),
            "SEOS_CERT_FILE": str(self.workdir / "seos-cert.pem"),
            # Short waits so that an outage and its retries fit in a test.
            "SEOS_RETRY_BACKOFF": "1",
            "SEOS_RETRY_BACKOFF_MAX": "2",
            "SEOS_DELIVERY_MAX_ATTEMPTS": "60",
            "SEOS_HTTP_CONNECT_TIMEOUT": "2",
            "SEOS_HTTP_READ_TIMEOUT": "60",
            "PYTHONDONTWRITEBYTECODE": "1",
            **(extra_env or {}),
        }
        self.serial = ""

    # --- commands ------------------------------------------------------------------------------

    def manage(self, *args, timeout: float = 180, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{self.name}: manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def json_lines(self, *args) -> list[dict]:
        out = self.manage(*args).stdout
        return [json.loads(line) for line in out.splitlines() if line.startswith("{")]

    def documents(self, direction: str) -> list[dict]:
        return self.json_lines("seos_status", "--direction", direction)

    def messages(self, direction: str | None = None) -> list[dict]:
        args = ["seos_status", "--messages"] + (["--direction", direction] if direction else [])
        return self.json_lines(*args)

    def create(self, *, like: Instance | None = None) -> None:
        """Create the database: migrated, or a copy of ``like``'s freshly migrated (still empty) one."""
        if like is None:
            create_database(self.database_url)
            self.manage("migrate", "--noinput", timeout=900)
        else:
            create_database(self.database_url, template=like.database_url)

    def configure(self, registers: list[dict]) -> None:
        """Make the signing key and certificate, load the registers."""
        out = self.manage("seos_keys", "--bits", "2048", "--name", self.title, "--eik", self.eik).stdout
        self.serial = out.strip().rsplit(" ", 1)[-1]
        fixture = self.workdir / "registers.json"
        fixture.write_text(
            json.dumps(
                [{"model": "documents.register", "fields": fields} for fields in registers],
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        self.manage("loaddata", str(fixture))

    def know(self, *others: Instance) -> None:
        """Import the other instances as participants (CSV, as an administrator would)."""
        csv = self.workdir / "participants.csv"
        rows = ["guid,eik,name,certificate_serial,status,service_uri"]
        rows += [f"{o.guid},{o.eik},{o.title},{o.serial},Active,{o.url}/seos/" for o in others]
        csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
        self.manage("seos_import_participants", str(csv))

    # --- processes -----------------------------------------------------------------------------

    def start_web(self) -> None:
        self.web = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.workdir / "web.log", "ab"),  # noqa: SIM115
            start_new_session=True,
        )
        wait_for(self._web_ready, timeout=90, what=f"{self.name} web server")

    def _web_ready(self) -> bool:
        if self.web is not None and self.web.poll() is not None:
            raise AssertionError(
                f"{self.name}: gunicorn exited: {(self.workdir / 'web.log').read_text()[-2000:]}"
            )
        try:
            return requests.get(f"{self.url}/seos/?wsdl", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop_web(self) -> None:
        _stop(self.web)
        self.web = None

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "-Q",
                self.queue,
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.workdir / "worker.log", "ab"),  # noqa: SIM115
            start_new_session=True,
        )

    def stop(self) -> None:
        self.stop_web()
        _stop(self.worker)
        self.worker = None

    def drop(self, redis_url: str) -> None:
        drop_database(self.database_url)
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"*{self.queue}*"):
            client.delete(key)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    # Each process was started in its own session: signal that group (gunicorn's and celery's children).
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def create_database(database_url: str, *, template: str | None = None) -> None:
    """A new, empty database — or a copy of ``template`` (a database URL on the same server), which is
    much faster than migrating a second one."""
    admin, name = _admin_url(database_url)
    source = f' TEMPLATE "{_admin_url(template)[1]}"' if template else ""
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{source}')


def drop_database(database_url: str) -> None:
    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_url_for(settings_db: dict, name: str) -> str:
    """A URL to database ``name`` on the server the suite's own database lives on."""
    user = settings_db.get("USER") or "postgres"
    password = settings_db.get("PASSWORD") or ""
    host = settings_db.get("HOST") or "127.0.0.1"
    port = settings_db.get("PORT") or 5432
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{host}:{port}/{name}"
