"""The shared browser harness: Playwright (sync API) on Debian's Chromium, axe-core and the W3C Nu checker.

Use it from any browser test under ``tests/e2e/`` (or import it: ``from tests.e2e.harness import *`` in
another folder's conftest.py):

* mark the test ``@pytest.mark.browser`` and take the ``page`` fixture (pytest-playwright's, launched here
  on ``/usr/bin/chromium`` with no download) and ``live_server`` (pytest-django; it makes the test
  transactional, so create the data the test needs inside the test or a function-scoped fixture);
* ``page.goto(live_server.url + "/")`` …;
* ``assert_accessible(page)`` runs axe-core in the page and fails listing every violation of WCAG 2.1
  level A and AA (tags wcag2a, wcag2aa, wcag21a, wcag21aa);
* ``assert_valid_html(html)`` sends the markup to one W3C Nu checker (vnu.jar) started once per session
  and fails listing every error (warnings are ignored);
* ``assert_no_console_errors(page)`` fails on JavaScript errors and Content-Security-Policy violations the
  page reported (the ``page`` fixture records them).

``/media/`` is not served by ``live_server`` (DEBUG is off in tests); the ``page`` fixture answers those
requests from MEDIA_ROOT so images load as they do in production.

Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM calls
(SynchronousOnlyOperation). ``DJANGO_ALLOW_ASYNC_UNSAFE`` is therefore set while Playwright runs - only
once a browser test has started it, never for the rest of the suite's configuration.
"""

import json
import mimetypes
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- Playwright on Debian's Chromium -----------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright(django_db_setup):
    """Replaces pytest-playwright's fixture: same Playwright, plus what Django needs beside it.

    * ``DJANGO_ALLOW_ASYNC_UNSAFE``: the sync API runs an event loop in this thread.
    * Django keeps connections in context-local storage; once Playwright has started, the test code sees
      fresh connection objects that lack the serialized test database, and ``serialized_rollback``
      (``django_db_serialized_rollback``) would then restore nothing. The serialized contents are carried
      over to the new connection objects. The database is set up before Playwright starts for that reason.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            yield pw
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Never download a browser: Debian's chromium, headless, no calls home.
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "bg-BG",
        "timezone_id": "Europe/Sofia",
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture
def page(context):
    """A fresh page that records console errors and serves /media/ from MEDIA_ROOT."""
    page = context.new_page()
    page.console_errors = []

    def on_console(message):
        if message.type == "error":
            page.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.route("**/media/**", _serve_media)
    page.set_default_timeout(15_000)
    yield page
    page.close()


def _serve_media(route):
    from urllib.parse import unquote, urlsplit

    relative = unquote(urlsplit(route.request.url).path)[len(settings.MEDIA_URL):]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = (media_root / relative).resolve()
    if media_root not in path.parents or not path.is_file():
        route.fulfill(status=404, body="not found")
        return
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})


def assert_no_console_errors(page):
    """Fail on JavaScript errors and CSP violations (e.g. an inline style or script the policy blocked)."""
    errors = list(getattr(page, "console_errors", []))
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


# --- axe-core -------------------------------------------------------------------------------------------


def assert_accessible(page, *, tags=WCAG_TAGS, exclude=()):
    """Run axe-core on the current page; fail with every WCAG 2.1 A/AA violation found.

    axe is evaluated through the DevTools protocol, not as a <script> element, so the page's
    Content-Security-Policy (script-src 'self') does not have to be loosened for it.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate(
        """([tags, exclude]) => axe.run(
               exclude.length ? {exclude: exclude.map((s) => [s])} : document,
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        [list(tags), list(exclude)],
    )
    violations = results["violations"]
    assert not violations, f"axe: {len(violations)} WCAG violation(s) on {page.url}\n" + format_violations(
        violations
    )


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(str(t) for t in node['target'])}: {summary}")
    return "\n".join(lines)


# --- W3C Nu HTML checker ----------------------------------------------------------------------------------


class NuChecker:
    """One vnu.jar web service for the whole session (JVM start-up and schema loading are paid once)."""

    def __init__(self):
        self.process = None
        self.url = None

    def start(self):
        java = shutil.which("java")
        if java is None or not VNU_JAR.exists():
            pytest.fail("the W3C Nu checker needs Java and node_modules/vnu-jar (npm ci)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [java, "-Xss2m", "-Dnu.validator.servlet.bind-address=127.0.0.1",
             "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}/?out=json"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("the W3C Nu checker (vnu.jar) exited while starting")
            try:
                self.check("<!DOCTYPE html><html lang=en><title>t</title></html>")
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        self.stop()
        pytest.fail("the W3C Nu checker (vnu.jar) did not start within 90 s")

    def check(self, html):
        request = urllib.request.Request(
            self.url, data=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None


_nu_checker = None


def nu_checker():
    global _nu_checker
    if _nu_checker is None:
        _nu_checker = NuChecker().start()
    return _nu_checker


def pytest_sessionfinish(session, exitstatus):
    if _nu_checker is not None:
        _nu_checker.stop()


def html_errors(html):
    """The Nu checker's errors (not warnings or info) for a complete HTML document."""
    return [m for m in nu_checker().check(html) if m.get("type") == "error" or m.get("subType") == "fatal"]


def assert_valid_html(html, where=""):
    errors = html_errors(html)
    lines = html.splitlines()
    described = []
    for e in errors:
        line = e.get("lastLine")
        snippet = lines[line - 1].strip()[:160] if line and line <= len(lines) else e.get("extract", "")
        described.append(f"- line {line}: {e['message']}\n    {snippet}")
    assert not errors, f"vnu: {len(errors)} HTML error(s) {where}\n" + "\n".join(described)
