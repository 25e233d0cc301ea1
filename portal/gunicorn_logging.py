"""gunicorn's own logs as the application's JSON lines (``portal.logging.JsonFormatter``).

gunicorn's access log is a ``%``-format string filled with the request's values, quotes escaped with a
backslash but backslashes not: a JSON template breaks on a path like ``/a\\"b``. Here the access line is a
log record whose fields are record attributes, serialised by the same JSON formatter (UTC timestamp, the
request id from the response's ``X-Request-ID``) after the same redaction filter as Django's.
"""

import traceback

from gunicorn.glogging import Logger

FILTERS = {
    "request_id": {"()": "portal.logging.RequestIdFilter"},
    "redact": {"()": "portal.logging.RedactingFilter"},
}


def logconfig_dict(level: str = "INFO") -> dict:
    """``logging.config.dictConfig`` settings for gunicorn's ``error`` and ``access`` loggers, and the root
    until Django, loaded in each worker, configures it from ``settings.LOGGING``."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id", "redact"],
        "stream": "ext://sys.stdout",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": FILTERS,
        "formatters": {"json": {"()": "portal.logging.JsonFormatter"}},
        "handlers": {"json_stdout": handler, "json_stderr": {**handler, "stream": "ext://sys.stderr"}},
        "root": {"level": level, "handlers": ["json_stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["json_stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["json_stdout"], "propagate": False},
        },
    }


def access_fields(resp, req, environ, request_time) -> dict:
    """The access line's fields. No query string: it may carry access codes or tokens."""
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    headers = resp.headers.items() if hasattr(resp.headers, "items") else resp.headers
    request_id = next((v for k, v in headers if k.lower() == "x-request-id"), None) or "-"
    try:
        status = int(status)
    except (TypeError, ValueError):
        pass
    return {
        "remote": environ.get("REMOTE_ADDR", "-"),
        "method": environ.get("REQUEST_METHOD", ""),
        "path": environ.get("PATH_INFO", ""),
        "status": status,
        "bytes": getattr(resp, "sent", None),
        "duration_ms": request_time.seconds * 1000 + request_time.microseconds // 1000,
        "request_id": request_id,
    }


class JsonAccessLogger(Logger):
    """gunicorn's logger with the access line written as structured fields instead of a format string."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            fields = access_fields(resp, req, environ, request_time)
            self.access_log.info("%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields)
        except Exception:
            self.error(traceback.format_exc())
