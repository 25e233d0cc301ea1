"""gunicorn's access log, configured as the container runs it (``--config python:portal.gunicorn_conf``),
writes JSON lines a parser accepts whatever the path holds, with a UTC timestamp and the request id, without
the query string."""

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in its own process: gunicorn configures logging for the whole process (dictConfig).
SCRIPT = r"""
import sys
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.app.wsgiapp import WSGIApplication

sys.argv = ["gunicorn", "--config", "python:portal.gunicorn_conf", "portal.wsgi:application"]
app = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")  # reads the config; the app is loaded lazily
log = app.cfg.logger_class(app.cfg)
response = SimpleNamespace(status="404 Not Found", headers=[("X-Request-ID", "req-gunicorn-0001")], sent=179)
request = SimpleNamespace(headers=[("HOST", "portal.example")])
environ = {
    "REQUEST_METHOD": "GET",
    "PATH_INFO": PATH,
    "QUERY_STRING": "code=K7Q-99X",
    "RAW_URI": "/x?code=K7Q-99X",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "192.0.2.7",
}
log.access(response, request, environ, timedelta(seconds=1, microseconds=250000))
"""

PATH = '/търсене/a"b\\c\\"d'


def access_lines(path: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"PATH = {path!r}\n{SCRIPT}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_an_access_line_is_json_whatever_the_path_holds():
    [line] = access_lines(PATH)
    record = json.loads(line)
    assert record["logger"] == "gunicorn.access"
    assert record["path"] == PATH
    assert record["method"] == "GET"
    assert record["status"] == 404
    assert record["bytes"] == 179
    assert record["duration_ms"] == 1250
    assert record["remote"] == "192.0.2.7"
    assert record["request_id"] == "req-gunicorn-0001"
    assert datetime.fromisoformat(record["timestamp"]).utcoffset().total_seconds() == 0
    assert "K7Q-99X" not in line  # no query string: it may carry an access code
