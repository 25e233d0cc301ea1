"""Public pages under gunicorn with production settings, against a bare Django view in the same server.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 8] [--workers 2] [--news 100]

What runs: ``bench.settings`` = ``portal.settings.production`` (DEBUG off, PostgreSQL, Redis cache, manifest
static files) plus one bare view at ``/__bench__/bare/`` that returns "ok" through the same middleware.
The database is postgres://postgres@127.0.0.1:5432/portal_bench (``BENCH_DATABASE_URL`` overrides), created
and migrated when missing and filled with the demo site and ``--news`` news items; Redis is
redis://127.0.0.1:6379/2 (``BENCH_REDIS_URL``). gunicorn serves on a free loopback port; the load
generator is a bounded pool of Python threads on the same machine (so it competes with the server for
CPU: compare the ratios, not the absolute figures, between machines).

For each target it sends warm-up requests, then ``--requests`` requests with ``--concurrency`` in flight,
and prints requests per second, p50 and p95 latency, and each figure relative to the bare view. It
measures and prints; it never passes or fails.
"""

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
STATIC_ROOT = Path(tempfile.gettempdir()) / "portal-bench-static"
MEDIA_ROOT = Path(tempfile.gettempdir()) / "portal-bench-media"

ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": "portal-bench",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "STATIC_ROOT": str(STATIC_ROOT),
    "MEDIA_ROOT": str(MEDIA_ROOT),
    "LOG_LEVEL": "WARNING",
    "LOG_FORMAT": "plain",
}


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(news_count):
    """Migrate, load the demo site, top the news up to ``news_count``, collect static files."""
    os.environ.update(ENV)
    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connections

    from home.models import NewsIndexPage, NewsPage

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", force=True, skip_apps=True, verbosity=0)
    index = NewsIndexPage.objects.get(locale__language_code="bg")
    existing = NewsPage.objects.child_of(index).count()
    for i in range(existing, news_count):
        page = NewsPage(
            title=f"Новина за бенчмарка № {i}", slug=f"bench-{i}", lead="Кратко резюме на новината.",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 330),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    call_command("collectstatic", verbosity=0, interactive=False)
    connections.close_all()
    news = NewsPage.objects.live().child_of(index).order_by("-date").first()
    return news.url


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # As behind the TLS proxy in production (SECURE_PROXY_SSL_HEADER): no redirect to HTTPS.
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept-Language": "bg"}
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {body[:200]!r}")
    return elapsed


def start_server(port, workers):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--log-level", "warning", "--graceful-timeout", "5",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **ENV}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            request(port, "/__bench__/bare/")
            return server
        except (OSError, RuntimeError):
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not start within 60 s")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def measure(port, path, total, concurrency, warmup):
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _: request(port, path), range(warmup)))
        lock = threading.Lock()
        latencies = []

        def one(_):
            elapsed = request(port, path)
            with lock:
                latencies.append(elapsed)

        start = time.perf_counter()
        list(pool.map(one, range(total)))
        wall = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": total / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="measured requests per target")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--news", type=int, default=100, help="news items in the index")
    args = parser.parse_args()

    ensure_database()
    news_url = prepare(args.news)
    targets = {
        "bare Django view": "/__bench__/bare/",
        "home": "/",
        "news index": "/novini/",
        "news page": news_url,
    }
    port = free_port()
    server = start_server(port, args.workers)
    try:
        results = {name: measure(port, path, args.requests, args.concurrency, args.warmup)
                   for name, path in targets.items()}
    finally:
        stop_server(server)

    bare = results["bare Django view"]
    print(f"gunicorn {args.workers} sync workers, {args.concurrency} concurrent clients, "
          f"{args.requests} requests per target, {args.news} news items, {os.cpu_count()} CPUs, "
          "PostgreSQL + Redis, DEBUG off")
    header = ("target", "req/s", "p50 ms", "p95 ms", "req/s vs bare", "p50 vs bare")
    print(f"{header[0]:<18} {header[1]:>8} {header[2]:>8} {header[3]:>8} {header[4]:>14} {header[5]:>12}")
    for name, r in results.items():
        print(f"{name:<18} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
              f"{r['rps'] / bare['rps']:>14.2f} {r['p50'] / bare['p50']:>12.1f}x")


if __name__ == "__main__":
    main()
