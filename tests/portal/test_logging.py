"""JSON log lines carry the request id (also into tasks), UTC timestamps, and no personal data."""

import io
import json
import logging
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model

from portal import logging as portal_logging
from portal.celery import app as celery_app


@pytest.fixture
def log_lines():
    """Attach a handler configured like production's (JSON formatter + both filters) to the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(portal_logging.JsonFormatter())
    handler.addFilter(portal_logging.RequestIdFilter())
    handler.addFilter(portal_logging.RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)

    def read():
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield read
    root.removeHandler(handler)


@pytest.mark.django_db
def test_failed_staff_login_is_a_security_event_with_the_request_id(client, log_lines):
    get_user_model().objects.create_user("clerk", "clerk@example.invalid", "correct-horse-battery")
    response = client.post(
        "/admin/login/",
        {"username": "clerk", "password": "wrong-password-123"},
        HTTP_X_REQUEST_ID="req-0123456789abcdef",
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "req-0123456789abcdef"
    events = [line for line in log_lines() if line["logger"] == "portal.security"]
    assert len(events) == 1
    event = events[0]
    assert event["request_id"] == "req-0123456789abcdef"
    assert event["security"]["event"] == "login.failed"
    assert event["security"]["username"] == "clerk"
    assert event["security"]["ip"] == "192.0.2.10"
    assert event["level"] == "WARNING"
    assert "wrong-password-123" not in json.dumps(log_lines())
    timestamp = datetime.fromisoformat(event["timestamp"])
    assert timestamp.utcoffset().total_seconds() == 0


@pytest.mark.django_db
def test_successful_login_is_logged(client, log_lines):
    get_user_model().objects.create_user("editor", "editor@example.invalid", "correct-horse-battery")
    client.post("/admin/login/", {"username": "editor", "password": "correct-horse-battery"})
    kinds = [line["security"]["event"] for line in log_lines() if line["logger"] == "portal.security"]
    assert kinds == ["login.success"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["bad id with spaces", "x" * 200, "<script>", "short", "a\nb-injected"])
def test_insane_request_ids_are_replaced(client, header):
    response = client.get("/i18n/setlang/", HTTP_X_REQUEST_ID=header)
    assert response.headers["X-Request-ID"] != header
    assert len(response.headers["X-Request-ID"]) == 32


def test_redaction_of_message_arguments_extras_and_tracebacks(log_lines):
    logger = logging.getLogger("portal.test")
    logger.warning(
        "applicant %s with ЕГН %s asked; password=%s access_code: %s",
        "ivan.petrov@example.bg", "7501020018", "hunter2-secret", "K7Q-99X",
        extra={"applicant": {"email": "maria@example.bg", "egn": "8001010000", "access_code": "ZZZ"},
               "phones": ["0888123456"]},
    )
    try:
        raise ValueError("bad token=abcdef123456 for georgi@example.bg")
    except ValueError:
        logger.exception("failed for %s", "9912310000")
    dumped = json.dumps(log_lines(), ensure_ascii=False)
    for secret in ("ivan.petrov@example.bg", "7501020018", "hunter2-secret", "K7Q-99X", "maria@example.bg",
                   "8001010000", "ZZZ", "0888123456", "abcdef123456", "georgi@example.bg", "9912310000"):
        assert secret not in dumped, secret
    first, second = log_lines()
    assert first["message"] == ("applicant [email] with ЕГН [id] asked; password=[redacted] "
                                "access_code: [redacted]")
    assert first["applicant"] == {"email": "[email]", "egn": "[redacted]", "access_code": "[redacted]"}
    assert "ValueError: bad token=[redacted] for [email]" in second["exc_info"]


def test_redaction_keeps_ordinary_numbers_and_words():
    text = "registered ОА-01-123/29.11.2026, 3 attachments, 12345 bytes"
    assert portal_logging.redact(text) == text


def test_identifiers_with_ten_digits_inside_are_not_mistaken_for_personal_numbers():
    # A GUID's hex groups may hold a run of ten digits; masking it would make the GUID useless in the log.
    guid = "{2ac2d442-2746-4352-ac11-9308246402e5}"
    assert portal_logging.redact(f"message {guid} refused") == f"message {guid} refused"
    assert portal_logging.redact("ЕГН8001010000, тел.0888123456") == "ЕГН[id], тел.[id]"


@celery_app.task(name="tests.portal.log_something")
def log_something():
    logging.getLogger("portal.test.task").info("task ran")


@pytest.mark.django_db
def test_request_id_reaches_an_eager_task_queued_by_the_request(rf, log_lines, monkeypatch):
    from portal.middleware import RequestIDMiddleware

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)  # the embedded default, even with Redis

    def view(request):
        log_something.delay()
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.get("/", HTTP_X_REQUEST_ID="req-from-proxy-42")
    RequestIDMiddleware(view)(request)
    lines = [line for line in log_lines() if line["logger"] == "portal.test.task"]
    assert [line["request_id"] for line in lines] == ["req-from-proxy-42"]


def test_publish_puts_the_request_id_into_task_headers():
    from portal import tasks_context

    token = portal_logging.request_id_var.set("req-publish-0001")
    try:
        headers = {}
        tasks_context._on_publish(headers=headers)
    finally:
        portal_logging.request_id_var.reset(token)
    assert headers == {"portal_request_id": "req-publish-0001"}
