"""The Celery application.

In the embedded default (no ``REDIS_URL``) tasks run eagerly in-process, so the portal works with no
broker; with ``REDIS_URL`` set, tasks go through Redis to separate worker and beat processes.

Worker and beat log through Django's ``LOGGING`` (JSON lines, UTC, request id, redaction), not Celery's own
plain-text setup: see :func:`use_django_logging`.
"""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect(weak=False, dispatch_uid="portal.celery.logging")
def use_django_logging(**kwargs):
    """Configure the worker's and beat's logging from ``settings.LOGGING``.

    With a receiver on this signal Celery neither replaces the root handlers nor installs its plain-text,
    local-time formatter, so task lines get the same filters (request id, redaction) as the web process.
    The level comes from ``LOG_LEVEL`` (``--loglevel`` is Celery's and is ignored here).
    """
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
