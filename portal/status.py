"""What the admin's "System status" page shows: versions, checks, tasks, backups, journal, СЕОС.

Parts that belong to other apps are looked up defensively (``apps.is_installed`` / ``hasattr``), so the
page works before those parts exist and picks them up when they land:

- journal verification: the last result the nightly ``portal.verify_journal`` task stored (never verified
  on page load: that reads every entry);
- СЕОС messages: ``documents.exchange.status.summary()`` (list of ``(label, count, is_problem)``) when the
  exchange provides it, else counts by ``status`` of the exchange models that have such a field.
"""

import logging
import platform
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from portal import backup, health

logger = logging.getLogger("portal.status")


@dataclass
class Item:
    label: str
    value: object
    problem: bool = False
    details: list = field(default_factory=list)


def versions() -> list[Item]:
    import celery
    import django
    import wagtail

    items = [
        Item("Python", platform.python_version()),
        Item("Django", django.get_version()),
        Item("Wagtail", wagtail.__version__),
        Item("Celery", celery.__version__),
    ]
    try:
        if connection.vendor == "postgresql":
            major, rest = divmod(connection.pg_version, 10000)
            items.append(Item("PostgreSQL", f"{major}.{rest}"))
        else:
            import sqlite3

            items.append(Item("SQLite", sqlite3.sqlite_version))
    except Exception:
        logger.warning("database version unavailable", exc_info=True)
    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=settings.HEALTH_CHECK_TIMEOUT)
            items.append(Item("Redis", client.info("server").get("redis_version", "?")))
        except Exception:
            items.append(Item("Redis", "—", problem=True))
    return items


def checks() -> list[Item]:
    return [Item(name, "ok" if ok else "fail", problem=not ok) for name, ok in health.run_checks().items()]


def pending_tasks() -> Item:
    """Messages waiting in the broker queue (Redis list of the default queue)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Item("pending", "—")
    try:
        import redis

        timeout = settings.HEALTH_CHECK_TIMEOUT
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=timeout)
        count = client.llen(settings.CELERY_TASK_DEFAULT_QUEUE)
        return Item("pending", count, problem=count > 100)
    except Exception:
        return Item("pending", "?", problem=True)


def failed_tasks(days: int = 7, limit: int = 20):
    from portal.models import TaskFailure

    since = timezone.now() - timedelta(days=days)
    recent = TaskFailure.objects.filter(failed_at__gte=since)
    return recent.count(), list(recent[:limit])


def last_backup() -> Item:
    info = backup.latest_backup()
    if info is None:
        return Item("backup", None, problem=True)
    age = timezone.now() - info.created_at
    return Item("backup", info, problem=age > timedelta(hours=26))


def journal() -> Item:
    """The last stored verification of the journal chain (``portal.journal_checks``), never a new one.

    A problem: no verification yet, a broken chain, or a last result older than ``JOURNAL_CHECK_MAX_AGE``
    (the nightly task has stopped running).
    """
    from portal.journal_checks import last_check

    check = last_check()
    if check is None:
        return Item("journal", None, problem=True)
    stale = timezone.now() - check.checked_at > JOURNAL_CHECK_MAX_AGE
    return Item("journal", check, problem=not check.ok or stale, details=["stale"] if stale else [])


JOURNAL_CHECK_MAX_AGE = timedelta(hours=26)


_PROBLEM_WORDS = ("fail", "error", "reject", "wait", "pending", "retry", "dead")


def seos_messages() -> list[Item] | None:
    if not apps.is_installed("documents.exchange"):
        return None
    try:
        from documents.exchange import status as exchange_status

        if hasattr(exchange_status, "summary"):
            return [Item(label, count, problem=bool(bad)) for label, count, bad in exchange_status.summary()]
    except ImportError:
        pass
    items = []
    try:
        for model in apps.get_app_config("exchange").get_models():
            names = {f.name for f in model._meta.get_fields()}
            if not {"status", "direction"} <= names:  # messages and exchanged documents, not histories
                continue
            labels = dict(model._meta.get_field("status").flatchoices)
            rows = model._default_manager.values("direction", "status").annotate(n=Count("pk"))
            for row in rows.order_by("direction", "status"):
                status = str(row["status"])
                problem = any(word in status.lower() for word in _PROBLEM_WORDS)
                label = f"{model._meta.verbose_name} ({row['direction']}): {labels.get(status, status)}"
                items.append(Item(label, row["n"], problem=problem and row["n"] > 0))
    except Exception:
        logger.debug("exchange models not countable", exc_info=True)
    return items or None
