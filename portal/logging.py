"""Structured logs: JSON lines, UTC timestamps, the request id, and nothing a log reader should not see.

``RequestIdFilter`` stamps every record with the id of the request (or Celery task) that produced it;
``RedactingFilter`` removes secrets, access codes, ЕГН/ЛНЧ-like 10-digit numbers and e-mail addresses from
the message, its arguments, extra fields and tracebacks, before any formatter sees them.
"""

import logging
import re
import time
from contextvars import ContextVar
from datetime import UTC, datetime

from pythonjsonlogger.core import merge_record_extra
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

#: The id of the request or task being handled in this thread/task context ("-" outside of one).
request_id_var: ContextVar[str] = ContextVar("portal_request_id", default="-")

REDACTED = "[redacted]"

# Keys whose values are secrets whatever they look like (in "key=value", "key: value", JSON, query strings).
SENSITIVE_KEYS = (
    r"password|passwd|pwd|secret|secret_key|token|otp|otp_token|access_code|accesscode|code|api_key|apikey"
    r"|authorization|cookie|sessionid|csrftoken|csrfmiddlewaretoken|egn|personal_id"
)
_KEY_VALUE = re.compile(
    rf"""(?ix)
    (?P<key>["']?\b(?:{SENSITIVE_KEYS})\b["']?)      # the key, maybe quoted
    (?P<sep>\s*[:=]\s*)                               # = or :
    (?P<value>"[^"]*"|'[^']*'|[^\s,&;"'}}\]]+)        # a quoted or bare value
    """
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# ЕГН and ЛНЧ are 10 digits; phone numbers without spaces are too, and are personal data as well.
_TEN_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{10}(?![0-9A-Za-z])")
_SENSITIVE_KEY_NAME = re.compile(rf"(?i)^(?:{SENSITIVE_KEYS})$")

_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
    | {"message", "asctime", "request_id"}
)


def redact(text: str) -> str:
    """Return ``text`` without secrets, access codes, 10-digit personal numbers or e-mail addresses."""
    if not text:
        return text
    text = _KEY_VALUE.sub(lambda m: f"{m['key']}{m['sep']}{REDACTED}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _EMAIL.sub("[email]", text)
    return _TEN_DIGITS.sub("[id]", text)


def redact_value(value, key: str | None = None):
    """Redact a value found in a record's extra fields, recursively through dicts, lists and tuples."""
    if key is not None and _SENSITIVE_KEY_NAME.match(str(key)):
        return REDACTED
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_value(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [redact_value(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) == 10:
        return "[id]"
    return value


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        return True


class RedactingFilter(logging.Filter):
    """Rewrite the record in place so that no handler or formatter sees the original personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_portal_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                setattr(record, key, redact_value(value, key))
        record._portal_redacted = True
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, request_id, extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*_STANDARD_ATTRS - {"request_id"}, "_portal_redacted"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        log_data["timestamp"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = record.getMessage()
        log_data["request_id"] = getattr(record, "request_id", None) or request_id_var.get()
        log_data.update(message_dict)
        merge_record_extra(record, log_data, reserved=self._skip_fields | {"request_id"})


class PlainFormatter(logging.Formatter):
    """Human-readable lines for a developer's terminal, still in UTC and with the request id."""

    converter = time.gmtime

    def __init__(self, *args, **kwargs):
        super().__init__("%(asctime)sZ %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return super().format(record)
