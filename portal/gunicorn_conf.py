"""gunicorn settings for the container, from the environment.

Used as ``gunicorn --config python:portal.gunicorn_conf portal.wsgi:application``.
"""

import os

from portal import gunicorn_logging

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104  (inside the container network only)
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then: bounded memory growth
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
worker_tmp_dir = "/dev/shm"  # noqa: S108  (heartbeat files; /tmp may be a slow or read-only layer)
# Access and error logs as JSON lines like the application's (portal.gunicorn_logging): UTC timestamps, the
# request id, the path escaped by a JSON encoder, no query strings (they may carry codes).
logger_class = "portal.gunicorn_logging.JsonAccessLogger"
logconfig_dict = gunicorn_logging.logconfig_dict(os.environ.get("LOG_LEVEL", "INFO"))
