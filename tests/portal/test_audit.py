"""The CI gate ``scripts/audit.sh``: pip-audit over the pinned requirements fails CI on a known vulnerability.

The real advisory feeds are not reachable from every CI machine, so these tests give pip-audit a feed of our
own: an OSV-compatible API on loopback (``--osv-url``) that knows one advisory for the pinned Django. They
prove the gate's three outcomes: a vulnerability fails, a clean report passes, and an unreachable feed is
"not performed" (exit 3) unless ``AUDIT_OFFLINE_OK=1`` says the environment is known to be offline.
"""

import json
import re
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DJANGO_PIN = re.search(r"(?im)^django==([\w.]+)", (ROOT / "requirements.txt").read_text()).group(1)

ADVISORY = {
    "id": "PYSEC-0000-TEST",
    "aliases": ["CVE-0000-00000"],
    "summary": "A test advisory against the pinned Django",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


class FakeOsv(BaseHTTPRequestHandler):
    vulnerable: set = set()
    asked: list = []

    def do_POST(self):  # noqa: N802 - the name http.server calls
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name, version = query["package"]["name"], query["version"]
        type(self).asked.append((name, version))
        body = {"vulns": [ADVISORY]} if (name, version) in self.vulnerable else {}
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed():
    FakeOsv.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def audit(url, tmp_path, **env):
    # --no-deps/--disable-pip audit the pins as written (CI also resolves what they pull in, in a venv).
    return subprocess.run(
        ["bash", "scripts/audit.sh", "--vulnerability-service", "osv", "--osv-url", url,
         "--no-deps", "--disable-pip", "--cache-dir", str(tmp_path / "cache"), "--timeout", "5"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env},
    )


def _port_nobody_listens_on() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_known_vulnerability_fails_the_gate_and_is_named(feed, tmp_path):
    FakeOsv.vulnerable = {("django", DJANGO_PIN)}
    result = audit(f"http://127.0.0.1:{feed.server_port}/v1/query", tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "PYSEC-0000-TEST" in output and "99.0" in output
    assert ("django", DJANGO_PIN) in FakeOsv.asked
    assert len(FakeOsv.asked) > 20  # every pin was asked about, not only Django


def test_a_clean_report_passes(feed, tmp_path):
    FakeOsv.vulnerable = set()
    result = audit(f"http://127.0.0.1:{feed.server_port}/v1/query", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No known vulnerabilities found" in result.stdout + result.stderr


def test_an_unreachable_feed_is_not_a_pass(tmp_path):
    url = f"http://127.0.0.1:{_port_nobody_listens_on()}/v1/query"
    refused = audit(url, tmp_path)
    tolerated = audit(url, tmp_path, AUDIT_OFFLINE_OK="1")
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert "AUDIT NOT PERFORMED" in refused.stderr
    assert tolerated.returncode == 0
    assert "AUDIT NOT PERFORMED" in tolerated.stderr
